use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.WebChannel")]
struct Web {
    session_id: String,
    user_agent: Option<String>,
}
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 3, field = "channel")]
enum Channel {
    #[serde(rename = "shop.orders.WebChannel")]
    Web(Web),
    Store(i32),
}

fn main() {}
