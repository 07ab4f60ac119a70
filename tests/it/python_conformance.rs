//! Conformance: the official Tablestore Python SDK against an in-process ots-local.
//!
//! The SDK lives in a virtualenv this test creates on first use (`target/conformance-venv`,
//! or the interpreter named by `OTS_PYTHON`). It needs `python3` and access to PyPI once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[allow(clippy::expect_used)]
fn venv_python() -> PathBuf {
    if let Ok(p) = std::env::var("OTS_PYTHON") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join("target").join("conformance-venv");
    let python = venv.join("bin").join("python");
    let marker = venv.join(".installed-6.4.8");
    if !marker.exists() {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("run python3 -m venv");
        assert!(status.success(), "creating the virtualenv failed");
        let reqs = root.join("tests").join("python").join("requirements.txt");
        let status = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(reqs)
            .status()
            .expect("run pip");
        assert!(status.success(), "installing the tablestore SDK failed");
        std::fs::write(&marker, b"").expect("write marker");
    }
    python
}

/// Runs one of the SDK scripts against `server` and asserts that every check passed.
#[allow(clippy::expect_used, clippy::unwrap_used)]
async fn run_script(server: &ots_local::LocalServer, script: &str, extra_args: &[String]) {
    let python = tokio::task::spawn_blocking(venv_python).await.unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
    let args = [
        server.endpoint(),
        server.instance().to_owned(),
        server.access_key_id().to_owned(),
        server.access_key_secret().to_owned(),
    ];
    let output = tokio::process::Command::new(python)
        .arg(script)
        .args(args)
        .args(extra_args)
        .output()
        .await
        .expect("run the SDK script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Python SDK checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_passes_against_ots_local() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    run_script(&server, "tests/python/conformance.py", &[]).await;
}

/// Local transactions through the SDK: commit and abort of every write, locking, expiry (a
/// 2 s lifetime, so the script sees it lapse), ended and malformed ids, ranges inside.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_transactions_against_ots_local() {
    let lifetime = Duration::from_secs(2);
    let server = ots_local::LocalServer::builder()
        .transaction_lifetime(lifetime)
        .start()
        .await
        .unwrap();
    let seconds = lifetime.as_secs_f64().to_string();
    run_script(&server, "tests/python/transactions.py", &[seconds]).await;
}

/// Secondary indexes through the SDK: an oracle built from the main table after every write
/// step (put, update, delete, batch, increment) for local and global indexes, with and without
/// the base data; index reads; DescribeTable, ListTable, DeleteIndex, DeleteTable; refusals;
/// racing writers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_secondary_indexes_against_ots_local() {
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    run_script(&server, "tests/python/secondary_index.py", &[]).await;
}
