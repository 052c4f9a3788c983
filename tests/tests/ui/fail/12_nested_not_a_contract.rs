use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.Money")]
struct Money {
    amount_minor: i64,
    currency: Currency,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(crate = "accord::serde")]
enum Currency {
    EUR,
}

fn main() {}
