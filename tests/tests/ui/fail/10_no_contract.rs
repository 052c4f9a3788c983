use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
struct Store {
    store_id: i32,
    till: i32,
}

fn main() {}
