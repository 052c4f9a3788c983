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
#[accord(contract = "shop.orders.StoreChannel")]
struct Store {
    store_id: i32,
    till: i32,
}
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 3, field = "channel")]
enum Channel {
    #[serde(rename = "shop.orders.WebChannel")]
    Web(Web),
    #[serde(rename = "shop.orders.StoreChannel")]
    Store(Store),
}
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.events.Envelope", version = 1)]
struct Envelope {
    event_id: accord::uuid::Uuid,
    #[serde(with = "accord::json::As::<accord::json::TimestampMicros>")]
    occurred_at: accord::chrono::DateTime<accord::chrono::Utc>,
    producer: String,
    payload: Channel,
}

fn main() {}
