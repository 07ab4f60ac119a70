//! Compiles the Tablestore .proto files with protox (pure Rust, no system `protoc`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = [
        "protos/table_store.proto",
        "protos/table_store_filter.proto",
        "protos/search.proto",
        "protos/tunnel.proto",
    ];
    for f in files {
        println!("cargo:rerun-if-changed={f}");
    }
    let descriptors = protox::compile(files, ["protos"])?;
    prost_build::Config::new().compile_fds(descriptors)?;
    Ok(())
}
