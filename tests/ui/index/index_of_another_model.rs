use ots::{OtsTable, Repo};

#[derive(OtsTable)]
struct User {
    #[ots(pk)]
    id: i64,
    email: String,
}

#[derive(OtsTable)]
#[ots(table = "orders", index(name = "orders_by_customer", key(customer)))]
struct Order {
    #[ots(pk)]
    id: i64,
    customer: String,
}

fn read(users: Repo<User>) {
    let _ = users.index::<OrderByCustomer>();
}

fn main() {}
