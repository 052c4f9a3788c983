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
#[accord(contract = "shop.common.Sha256")]
struct Digest(#[serde(with = "accord::json::As::<accord::json::Base64>")] [u8; 32]);

#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.TraceId")]
struct TraceId(String);

#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.ExactAmount")]
struct Exact(accord::Decimal<34, 4>);

fn main() {
    use accord::Contract;
    let channel = Channel::Store(Store { store_id: 1, till: 2 });
    assert_eq!(channel.to_json_string(), r#"{"shop.orders.StoreChannel":{"store_id":1,"till":2}}"#);
    assert_eq!(Digest([1; 32]).to_avro_datum().unwrap(), [1; 32]);
    assert_eq!(TraceId("t".into()).to_json().unwrap(), r#""t""#);
    assert_eq!(Exact::full_name(), "shop.common.ExactAmount");
}

trait JsonString {
    fn to_json_string(&self) -> String;
}

impl JsonString for Channel {
    fn to_json_string(&self) -> String {
        accord::serde_json::to_string(self).unwrap()
    }
}
