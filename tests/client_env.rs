//! Configuration from the environment. One test in its own binary, outside tests/it: it
//! changes process-wide environment variables, which no other test may observe.

#[path = "it/common.rs"]
mod common;
use ots::{Client, Credentials, ErrorKind};

#[tokio::test]
async fn endpoint_instance_and_credentials_come_from_the_environment() {
    let env = common::start().await;
    std::env::set_var("OTS_ENDPOINT", env.server.endpoint());
    std::env::set_var("OTS_INSTANCE", env.server.instance());
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", env.server.access_key_id());
    std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", env.server.access_key_secret());
    std::env::set_var("ALIBABA_CLOUD_SECURITY_TOKEN", "sts");
    let creds = Credentials::from_env().unwrap();
    assert_eq!(creds.access_key_id(), env.server.access_key_id());
    assert!(format!("{creds:?}").contains("redacted"));
    let client = Client::builder().from_env().build().unwrap();
    assert_eq!(client.endpoint(), env.server.endpoint());
    assert!(client.list_tables().await.unwrap().is_empty());

    // Explicit settings win over the environment.
    let explicit = Client::builder().instance("other").from_env().build().unwrap();
    assert_eq!(explicit.instance(), "other");

    std::env::remove_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    assert!(Credentials::from_env().is_none());
    let e = Client::builder().from_env().build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    std::env::remove_var("OTS_ENDPOINT");
    let e = Client::builder().from_env().build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction);
    let e = Client::builder()
        .endpoint("ftp://x")
        .instance("i")
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap_err();
    assert!(e.message().contains("http://"), "{e}");
}
