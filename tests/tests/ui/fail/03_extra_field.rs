use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 2)]
struct Order {
    id: accord::uuid::Uuid,
    customer_id: String,
    total_cents: i64,
    currency: Currency,
    #[serde(with = "accord::json::As::<accord::json::TimestampMillis>")]
    placed_at: accord::chrono::DateTime<accord::chrono::Utc>,
    lines: Vec<Line>,
    note: Option<String>,
    region: String,
    status: Status,
}
#[derive(Debug, Clone, Copy, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.Currency", version = 2)]
enum Currency {
    EUR,
    USD,
    GBP,
}
#[derive(Debug, Clone, Copy, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[serde(rename_all = "UPPERCASE")]
#[accord(contract = "shop.orders.OrderStatus", version = 1)]
enum Status {
    Placed,
    Paid,
    Shipped,
}
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.OrderLine", version = 2)]
struct Line {
    sku: String,
    quantity: i32,
    unit_price: accord::Decimal<12, 2>,
    discount: accord::Decimal<12, 2>,
}

fn main() {}
