//! Conformance: the official Tablestore Python SDK against an in-process ots-local.
//!
//! The SDK lives in a virtualenv this test creates on first use (`target/conformance-venv`,
//! or the interpreter named by `OTS_PYTHON`). It needs `python3` and access to PyPI once.

use std::path::{Path, PathBuf};
use std::process::Command;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_passes_against_ots_local() {
    let python = tokio::task::spawn_blocking(venv_python).await.unwrap();
    let server = ots_local::LocalServer::builder().start().await.unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/conformance.py");
    let args = [
        server.endpoint(),
        server.instance().to_owned(),
        server.access_key_id().to_owned(),
        server.access_key_secret().to_owned(),
    ];
    let output = tokio::process::Command::new(python)
        .arg(script)
        .args(args)
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
