//! `ots-local`: run the local Tablestore-compatible server until stopped.

use ots_local::{
    ConnectionLimits, LocalServer, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_INSTANCE,
};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: ots-local [FLAGS]

  --listen ADDR                address to listen on (default 127.0.0.1:8300)
  --instance NAME              instance name clients must send (default ots-local)
  --access-key-id ID           accepted access key id (default ots-local-id)
  --access-key-secret SECRET   its secret (default ots-local-secret; visible to other users
                               of this machine: prefer the two ways below)
  --access-key-secret-file F   read the secret from file F (its first line, without the
                               white space around it)
                               the secret may also come from $OTS_LOCAL_ACCESS_KEY_SECRET
  --idle-timeout SECS          close a connection silent this long between requests (default 30)
  --header-timeout SECS        close a connection whose request head takes longer (default 10)
  --body-timeout SECS          answer 408 when a request body stalls this long (default 10)
  --max-connections N          most connections open at once (default 1024, or fewer when the
                               open-files limit is lower)
  --scan-splits N              splits ComputeSplits reports (default 1, as the service for a
                               small index; up to 64, to run parallel scan code in parallel)
  --txn-lifetime SECS          how long a local transaction may stay open before it is aborted
                               (default 60, the service's limit)
  --verbose                    log every request (action, status, error code) to stderr";

/// Environment variable the secret may come from.
const SECRET_ENV: &str = "OTS_LOCAL_ACCESS_KEY_SECRET";

struct Args {
    verbose: bool,
    listen: String,
    instance: String,
    id: String,
    secret: String,
    limits: ConnectionLimits,
    scan_splits: u8,
    txn_lifetime: Duration,
}

fn seconds(flag: &str, v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("{flag} needs a positive number of seconds, not {v:?}"))
}

fn secret_from_file(path: &str) -> Result<String, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read the secret file {path:?}: {e}"))?;
    let secret = text.lines().next().unwrap_or_default().trim().to_owned();
    if secret.is_empty() {
        return Err(format!("the secret file {path:?} is empty"));
    }
    Ok(secret)
}

fn parse(mut args: impl Iterator<Item = String>, env_secret: Option<String>) -> Result<Args, String> {
    let mut a = Args {
        verbose: false,
        listen: "127.0.0.1:8300".into(),
        instance: DEFAULT_INSTANCE.into(),
        id: DEFAULT_ACCESS_KEY_ID.into(),
        secret: env_secret.unwrap_or_else(|| DEFAULT_ACCESS_KEY_SECRET.into()),
        limits: ConnectionLimits::default(),
        scan_splits: 1,
        txn_lifetime: Duration::from_secs(60),
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "-v" | "--verbose" => a.verbose = true,
            "--listen" => a.listen = value()?,
            "--instance" => a.instance = value()?,
            "--access-key-id" => a.id = value()?,
            "--access-key-secret" => a.secret = value()?,
            "--access-key-secret-file" => a.secret = secret_from_file(&value()?)?,
            "--idle-timeout" => a.limits.idle_timeout = seconds(&flag, &value()?)?,
            "--header-timeout" => a.limits.header_timeout = seconds(&flag, &value()?)?,
            "--body-timeout" => a.limits.body_timeout = seconds(&flag, &value()?)?,
            "--max-connections" => {
                let v = value()?;
                a.limits.max_connections = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("{flag} needs a positive whole number, not {v:?}"))?;
            }
            "--txn-lifetime" => a.txn_lifetime = seconds(&flag, &value()?)?,
            "--scan-splits" => {
                let v = value()?;
                a.scan_splits = v
                    .parse::<u8>()
                    .ok()
                    .filter(|n| (1..=64).contains(n))
                    .ok_or_else(|| format!("{flag} needs a whole number from 1 to 64, not {v:?}"))?;
            }
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    Ok(a)
}

#[tokio::main]
async fn main() -> ExitCode {
    let env_secret = std::env::var(SECRET_ENV).ok().filter(|s| !s.is_empty());
    let args = match parse(std::env::args().skip(1), env_secret) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("ots-local: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let level = if args.verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::WARN
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
    let server = match LocalServer::builder()
        .listen(args.listen)
        .instance(args.instance)
        .credentials(args.id, args.secret)
        .connection_limits(args.limits)
        .scan_splits(args.scan_splits)
        .transaction_lifetime(args.txn_lifetime)
        .start()
        .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ots-local: {e}");
            return ExitCode::FAILURE;
        }
    };
    #[allow(clippy::print_stdout)]
    {
        println!(
            "ots-local listening on {} (instance {})",
            server.endpoint(),
            server.instance()
        );
    }
    stop_signal().await;
    server.stop().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM (what container runtimes and service managers send) on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
