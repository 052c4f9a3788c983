use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.StoreChannel")]
struct Store<T> {
    store_id: T,
    till: i32,
}

fn main() {}
