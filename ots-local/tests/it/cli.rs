//! The `ots-local` binary: prints its endpoint when ready, serves, refuses bad flags, logs
//! safely, takes its secret from a file or the environment.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_ots-local");

#[test]
fn prints_its_endpoint_and_accepts_connections() {
    let run = Running::start(
        &[
            "--instance",
            "cli-test",
            "--access-key-id",
            "id",
            "--access-key-secret",
            "s",
        ],
        &[],
    );
    assert!(run.ready.contains("(instance cli-test)"), "{}", run.ready);
    let answer = run.exchange(&signed(&run, "cli-test", ("id", "s"), "ListTable", b""));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn refuses_bad_flags_and_names() {
    let out = Command::new(BIN).arg("--bogus").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown flag"));
    let out = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--instance", "x"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid instance name"));
    for splits in ["0", "65", "many"] {
        let out = Command::new(BIN)
            .args(["--scan-splits", splits])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "--scan-splits {splits}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("from 1 to 64"));
    }
    let out = Command::new(BIN).arg("--help").output().expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--access-key-secret"));
}

/// A running `ots-local` binary, killed on drop; its stderr is collected on a thread.
struct Running {
    child: std::process::Child,
    /// The line printed when ready.
    ready: String,
    addr: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Running {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn(Command::new(BIN), args, env)
    }

    /// Runs the binary with at most `files` open descriptors.
    fn start_with_file_limit(files: u32, args: &[&str]) -> Self {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &format!("ulimit -n {files} && exec \"$0\" \"$@\""), BIN]);
        Self::spawn(cmd, args, &[])
    }

    fn spawn(mut cmd: Command, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = cmd
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("OTS_LOCAL_ACCESS_KEY_SECRET")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ots-local");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the ready line");
        let addr = line
            .split_whitespace()
            .nth(3)
            .expect("endpoint in the ready line")
            .trim_start_matches("http://")
            .to_owned();
        let (tx, rx) = std::sync::mpsc::channel();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            ready: line,
            addr,
            stderr: rx,
        }
    }

    /// Sends one raw request on a new connection and returns the whole answer.
    fn exchange(&self, request: &[u8]) -> String {
        use std::io::{Read, Write};
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        s.write_all(request).expect("send");
        s.shutdown(std::net::Shutdown::Write).expect("half-close");
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    /// Stderr lines until one contains `needle` (or 10 s pass).
    fn wait_for_log(&self, needle: &str) -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    let done = line.contains(needle);
                    seen.push(line);
                    if done {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        seen
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn signed(run: &Running, instance: &str, keys: (&str, &str), action: &str, body: &[u8]) -> Vec<u8> {
    common::signed_request(&run.addr, instance, keys, action, body)
}

fn describe_table(name: &str) -> Vec<u8> {
    use prost::Message;
    ots_proto::pb::table_store::DescribeTableRequest {
        table_name: name.to_owned(),
    }
    .encode_to_vec()
}

#[test]
fn verbose_logs_escape_client_supplied_names() {
    let run = Running::start(&["--verbose"], &[]);
    let keys = (
        ots_local::DEFAULT_ACCESS_KEY_ID,
        ots_local::DEFAULT_ACCESS_KEY_SECRET,
    );
    let body = describe_table("x\nFORGED fake log line");
    let answer = run.exchange(&signed(
        &run,
        ots_local::DEFAULT_INSTANCE,
        keys,
        "DescribeTable",
        &body,
    ));
    assert!(answer.contains("OTSParameterInvalid"), "{answer}");
    let lines = run.wait_for_log("Invalid table name");
    assert!(
        lines.iter().any(|l| l.contains("Invalid table name")),
        "the refusal was not logged: {lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("FORGED")),
        "a client forged a log line: {lines:?}"
    );
}

#[test]
fn the_secret_comes_from_a_file_or_the_environment() {
    let dir = std::env::temp_dir().join(format!("ots-local-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("secret");
    std::fs::write(&file, "from-a-file\n").expect("write the secret");
    let file = file.to_str().expect("utf-8 path");
    for (args, env, secret) in [
        (vec!["--access-key-secret-file", file], vec![], "from-a-file"),
        (
            vec![],
            vec![("OTS_LOCAL_ACCESS_KEY_SECRET", "from-env")],
            "from-env",
        ),
    ] {
        let run = Running::start(&args, &env);
        let id = ots_local::DEFAULT_ACCESS_KEY_ID;
        let ok = run.exchange(&signed(
            &run,
            ots_local::DEFAULT_INSTANCE,
            (id, secret),
            "ListTable",
            b"",
        ));
        assert!(ok.starts_with("HTTP/1.1 200"), "{secret}: {ok}");
        let default = ots_local::DEFAULT_ACCESS_KEY_SECRET;
        let refused = run.exchange(&signed(
            &run,
            ots_local::DEFAULT_INSTANCE,
            (id, default),
            "ListTable",
            b"",
        ));
        assert!(refused.starts_with("HTTP/1.1 403"), "{secret}: {refused}");
    }
    let out = Command::new(BIN)
        .args(["--access-key-secret-file", "/nonexistent/secret"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the secret file"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hitting_the_connection_bound_is_logged() {
    let run = Running::start(&["--max-connections", "2", "--idle-timeout", "30"], &[]);
    let held: Vec<_> = (0..3)
        .map(|_| TcpStream::connect(&run.addr).expect("connect"))
        .collect();
    let lines = run.wait_for_log("connection limit reached");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("connection limit reached") && l.contains("limit=2")),
        "{lines:?}"
    );
    drop(held);
}

#[test]
fn refuses_bad_limits() {
    for args in [
        ["--idle-timeout", "0"],
        ["--header-timeout", "soon"],
        ["--body-timeout", "-1"],
        ["--max-connections", "0"],
    ] {
        let out = Command::new(BIN).args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(args[0]), "{args:?}");
    }
}

/// With few descriptors, idle sockets must neither starve real requests for ever nor go
/// unnoticed: the bound stays below the descriptor limit, idle connections are closed, and
/// the wait is logged.
#[test]
fn idle_sockets_cannot_starve_a_server_with_few_descriptors() {
    let run = Running::start_with_file_limit(128, &["--idle-timeout", "1"]);
    let idle: Vec<_> = (0..200)
        .map(|_| TcpStream::connect(&run.addr).expect("connect"))
        .collect();
    let keys = (
        ots_local::DEFAULT_ACCESS_KEY_ID,
        ots_local::DEFAULT_ACCESS_KEY_SECRET,
    );
    let answer = run.exchange(&signed(&run, ots_local::DEFAULT_INSTANCE, keys, "ListTable", b""));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    let lines = run.wait_for_log("connection limit reached");
    assert!(
        lines.iter().any(|l| l.contains("connection limit reached")),
        "{lines:?}"
    );
    drop(idle);
}
