use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 3)]
struct Order {
    id: accord::uuid::Uuid,
    customer_id: String,
    total_cents: i64,
    currency: accord::indexmap::IndexMap<String, String>,
    #[serde(with = "accord::json::As::<accord::json::TimestampMillis>")]
    placed_at: accord::chrono::DateTime<accord::chrono::Utc>,
    lines: Vec<String>,
    note: Option<String>,
    status: i32,
    shipping_address: Option<String>,
    tags: std::collections::BTreeMap<String, String>,
    channel: Option<String>,
    receipt_digest: Option<[u8; 16]>,
}

fn main() {}
