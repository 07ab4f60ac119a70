use ots::{OtsTable, Repo};

#[derive(OtsTable)]
struct Account {
    #[ots(pk)]
    bank: String,
    #[ots(pk)]
    id: String,
    balance: i64,
}

async fn transfer(accounts: Repo<Account>) {
    // A transaction holds a whole partition: the key's first value only.
    let _ = accounts
        .transaction(("b1", "alice"), |_tx| async { Ok::<_, ots::Error>(()) })
        .await;
}

async fn wrong_type(accounts: Repo<Account>) {
    let _ = accounts
        .transaction(7, |_tx| async { Ok::<_, ots::Error>(()) })
        .await;
}

fn main() {}
