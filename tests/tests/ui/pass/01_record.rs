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

fn main() {
    use accord::Contract;
    assert_eq!(Order::full_name(), "shop.orders.Order");
    assert_eq!(Order::version(), 2);
    let json = r#"{"id":"123e4567-e89b-12d3-a456-426614174000","customer_id":"c1","total_cents":5,"currency":"GBP","placed_at":"2024-01-02T03:04:05.678Z","lines":[{"sku":"s","quantity":2,"unit_price":"1.50","discount":"0.00"}],"note":null,"status":"PAID"}"#;
    let order = Order::from_json(json).unwrap();
    assert_eq!(order.to_json().unwrap(), json);
    let back = Order::from_single_object(&order.to_single_object().unwrap()).unwrap();
    assert_eq!(back.to_json().unwrap(), json);
}
