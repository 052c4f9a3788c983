use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[serde(rename_all = "camelCase")]
#[accord(contract = "shop.orders.StoreChannel")]
struct Store {
    store_id: i32,
    till: i32,
}

fn main() {}
