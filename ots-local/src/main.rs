//! `ots-local`: run the local Tablestore-compatible server until stopped.

use ots_local::{LocalServer, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_INSTANCE};
use std::process::ExitCode;

const USAGE: &str =
    "usage: ots-local [--listen ADDR] [--instance NAME] [--access-key-id ID] [--access-key-secret SECRET]

  --listen ADDR               address to listen on (default 127.0.0.1:8300)
  --instance NAME             instance name clients must send (default ots-local)
  --access-key-id ID          accepted access key id (default ots-local-id)
  --access-key-secret SECRET  its secret (default ots-local-secret)
  --verbose                   log every request (action, status, error code) to stderr";

struct Args {
    verbose: bool,
    listen: String,
    instance: String,
    id: String,
    secret: String,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut a = Args {
        verbose: false,
        listen: "127.0.0.1:8300".into(),
        instance: DEFAULT_INSTANCE.into(),
        id: DEFAULT_ACCESS_KEY_ID.into(),
        secret: DEFAULT_ACCESS_KEY_SECRET.into(),
    };
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--listen" => &mut a.listen,
            "--instance" => &mut a.instance,
            "--access-key-id" => &mut a.id,
            "--access-key-secret" => &mut a.secret,
            "-h" | "--help" => return Err(String::new()),
            "-v" | "--verbose" => {
                a.verbose = true;
                continue;
            }
            other => return Err(format!("unknown flag {other:?}")),
        };
        *slot = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
    }
    Ok(a)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
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
    let _ = tokio::signal::ctrl_c().await;
    server.stop().await;
    ExitCode::SUCCESS
}
