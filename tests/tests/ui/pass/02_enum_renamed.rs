use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Clone, Copy, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[serde(rename_all = "UPPERCASE")]
#[accord(contract = "shop.common.Currency", version = 3)]
enum Currency {
    Chf,
    #[serde(rename = "EUR")]
    Euro,
    Usd,
    Gbp,
}

fn main() {
    use accord::Contract;
    assert_eq!(Currency::Euro.to_avro_datum().unwrap(), [0]);
    assert_eq!(Currency::Chf.to_avro_datum().unwrap(), [6]);
    assert_eq!(Currency::from_json("\"EUR\"").unwrap() as u8, Currency::Euro as u8);
}
