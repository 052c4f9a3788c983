use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Clone, Copy, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.Currency")]
enum Currency {
    EUR,
}

fn main() {}
