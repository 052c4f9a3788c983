use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.StoreChannel", contract = "x.Y", colour = "red", version = "1")]
struct Store {
    store_id: i32,
    #[accord(skipped)]
    till: i32,
}

fn main() {}
