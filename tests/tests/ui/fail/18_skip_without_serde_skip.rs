use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.StoreChannel")]
struct Store {
    store_id: i32,
    till: i32,
    #[accord(skip)]
    cache: Vec<u8>,
}

fn main() {}
