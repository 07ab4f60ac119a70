//! The `ots-local` binary: prints its endpoint when ready, serves, refuses bad flags.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ots-local");

#[test]
fn prints_its_endpoint_and_accepts_connections() {
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--instance",
            "cli-test",
            "--access-key-id",
            "id",
            "--access-key-secret",
            "s",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn ots-local");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the ready line");
    let endpoint = line
        .split_whitespace()
        .nth(3)
        .expect("endpoint in the ready line")
        .to_owned();
    assert!(line.contains("(instance cli-test)"), "{line}");
    let addr = endpoint.trim_start_matches("http://");
    let connected = TcpStream::connect(addr);
    child.kill().expect("stop ots-local");
    let _ = child.wait();
    assert!(connected.is_ok(), "nothing listening on {addr}");
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
    let out = Command::new(BIN).arg("--help").output().expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--access-key-secret"));
}
