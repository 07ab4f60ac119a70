//! Conformance: the official Tablestore Node.js SDK against an in-process ots-local.
//!
//! This SDK exercises paths the Python one does not: zero padding after PlainBuffer rows, a
//! Host header without the port, strict required fields in responses. The SDK is installed
//! with npm on first use under `target/node-conformance` (or taken from `OTS_NODE_MODULES`).

use std::path::{Path, PathBuf};
use std::process::Command;

const SDK: &str = "tablestore@5.6.5";

#[allow(clippy::expect_used)]
fn node_modules() -> PathBuf {
    if let Ok(p) = std::env::var("OTS_NODE_MODULES") {
        return PathBuf::from(p);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("node-conformance");
    let marker = dir.join(".installed-5.6.5");
    if !marker.exists() {
        std::fs::create_dir_all(&dir).expect("create the npm prefix");
        let status = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&dir)
            .arg(SDK)
            .status()
            .expect("run npm");
        assert!(status.success(), "installing the tablestore Node SDK failed");
        std::fs::write(&marker, b"").expect("write marker");
    }
    dir.join("node_modules")
}

/// Runs one of the SDK scripts against a fresh ots-local and asserts that every check passed.
#[allow(clippy::expect_used, clippy::unwrap_used)]
async fn run_script(script: &str) {
    let modules = tokio::task::spawn_blocking(node_modules).await.unwrap();
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
    let output = tokio::process::Command::new("node")
        .arg(script)
        .args([server.endpoint(), server.instance().to_owned()])
        .args([server.access_key_id(), server.access_key_secret()])
        .env("NODE_PATH", modules)
        .output()
        .await
        .expect("run the SDK script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Node SDK checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_passes_against_ots_local() {
    run_script("tests/node/conformance.js").await;
}

/// Local transactions through the SDK: start, write, commit or abort (its abort needs the
/// id echoed, protocol §5), and what the outside sees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_transactions_against_ots_local() {
    run_script("tests/node/transactions.js").await;
}

/// Secondary indexes through the SDK: indexes declared with the table and created later,
/// described, read by name while writes change the table, dropped; the refusals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_secondary_indexes_against_ots_local() {
    run_script("tests/node/secondary_index.js").await;
}
