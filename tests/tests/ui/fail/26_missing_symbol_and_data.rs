use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Clone, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.OrderStatus", version = 2)]
enum Status {
    PLACED,
    PAID(i32),
}

fn main() {}
