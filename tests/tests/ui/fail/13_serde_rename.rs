use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.StoreChannel")]
struct Store {
    #[serde(rename = "storeId")]
    store_id: i32,
    till: i32,
}

fn main() {}
