//! A record's fields as a type: [`Record::Fields`](super::Record::Fields) is a tuple of the
//! zero-sized markers below, one per field, each naming the field's JSON and Avro formats and
//! what it reads as when absent from JSON. A record's `write` and `read` are then one generic
//! call each ([`write`], [`read`]), and the work per field is done by the impls here, which
//! rustc checks once in the runtime instead of once per field of every record
//! (`docs/scale.md`, "The generated crate of the monorepo corpus").
//!
//! Tuples hold up to 12 markers; longer records nest them (`((F0, .., F11), (F12, ..))`), with
//! their values nested the same way.

use super::{Read, Write};
use crate::json::{DeserializeAs, SerializeAs};
use crate::wire::Wire;
use std::fmt::Debug;
use std::marker::PhantomData;

/// A field in JSON format `J` and Avro format `A`, required in JSON (an absent `Option` read by
/// [`Serde`](crate::json::Serde) reads as `None`).
pub struct Req<J: ?Sized, A>(PhantomData<A>, PhantomData<J>);

/// A field in JSON format `J` and Avro format `A` that reads as `Default::default()` when
/// absent from JSON.
pub struct OrDefault<J: ?Sized, A>(PhantomData<A>, PhantomData<J>);

/// A field in JSON format `J` and Avro format `A` that reads as
/// `<R as FieldDefault<I, _>>::field_default()` when absent from JSON: `R` is the record, `I`
/// the field's index.
pub struct OrElse<J: ?Sized, A, R, const I: usize>(PhantomData<(A, R)>, PhantomData<J>);

/// The declared default of field `I` of a record, of type `T`.
pub trait FieldDefault<const I: usize, T> {
    /// The value an absent field `I` reads as.
    fn field_default() -> T;
}

/// Fields that can be written from `V`: a reference to the value of a field, or a tuple of
/// them.
pub trait WriteFields<V> {
    /// Hands the values to `w`, in order.
    fn write<W: Write>(values: V, w: &mut W);
}

/// Fields that can be read as `V`: the value of a field, or a tuple of them.
pub trait ReadFields<'de, V>: Sized {
    /// Reads the values from `r`, in order.
    fn read<R: Read<'de>>(r: &mut R) -> Result<V, R::Error>;
}

/// Hands `values` to `w` as fields `F`: the body of a generated [`Record::write`](super::Record::write).
#[inline]
pub fn write<F: WriteFields<V>, V, W: Write>(values: V, w: &mut W) {
    F::write(values, w)
}

/// Reads fields `F` from `r`: the body of a generated [`Record::read`](super::Record::read).
#[inline]
pub fn read<'de, F: ReadFields<'de, V>, V, R: Read<'de>>(r: &mut R) -> Result<V, R::Error> {
    F::read(r)
}

macro_rules! leaf {
    ($marker:ident $(, $p:ident)* $(; const $i:ident)?) => {
        impl<'a, J: SerializeAs<T> + ?Sized, A: Wire<T>, T: Debug $(, $p)* $(, const $i: usize)?>
            WriteFields<&'a T> for $marker<J, A $(, $p)* $(, $i)?>
        {
            #[inline]
            fn write<W: Write>(value: &'a T, w: &mut W) {
                w.field::<J, A, T>(value)
            }
        }
    };
}

leaf!(Req);
leaf!(OrDefault);
leaf!(OrElse, D; const I);

impl<'de, J: DeserializeAs<'de, T>, A: Wire<T>, T> ReadFields<'de, T> for Req<J, A> {
    #[inline]
    fn read<R: Read<'de>>(r: &mut R) -> Result<T, R::Error> {
        r.get::<J, A, T>()
    }
}

impl<'de, J: DeserializeAs<'de, T>, A: Wire<T>, T: Default> ReadFields<'de, T> for OrDefault<J, A> {
    #[inline]
    fn read<R: Read<'de>>(r: &mut R) -> Result<T, R::Error> {
        r.get_or::<J, A, T>(T::default)
    }
}

impl<'de, J: DeserializeAs<'de, T>, A: Wire<T>, T, D: FieldDefault<I, T>, const I: usize>
    ReadFields<'de, T> for OrElse<J, A, D, I>
{
    #[inline]
    fn read<R: Read<'de>>(r: &mut R) -> Result<T, R::Error> {
        r.get_or::<J, A, T>(D::field_default)
    }
}

macro_rules! tuple {
    ($($f:ident $v:ident),*) => {
        impl<$($f: WriteFields<$v>, $v),*> WriteFields<($($v,)*)> for ($($f,)*) {
            #[inline]
            #[allow(non_snake_case, unused_variables)]
            fn write<W: Write>(values: ($($v,)*), w: &mut W) {
                let ($($v,)*) = values;
                $($f::write($v, w);)*
            }
        }

        impl<'de, $($f: ReadFields<'de, $v>, $v),*> ReadFields<'de, ($($v,)*)> for ($($f,)*) {
            #[inline]
            #[allow(unused_variables)]
            fn read<R: Read<'de>>(r: &mut R) -> Result<($($v,)*), R::Error> {
                Ok(($($f::read(r)?,)*))
            }
        }
    };
}

tuple!();
tuple!(F0 V0);
tuple!(F0 V0, F1 V1);
tuple!(F0 V0, F1 V1, F2 V2);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5, F6 V6);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5, F6 V6, F7 V7);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5, F6 V6, F7 V7, F8 V8);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5, F6 V6, F7 V7, F8 V8, F9 V9);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5, F6 V6, F7 V7, F8 V8, F9 V9, F10 V10);
tuple!(F0 V0, F1 V1, F2 V2, F3 V3, F4 V4, F5 V5, F6 V6, F7 V7, F8 V8, F9 V9, F10 V10, F11 V11);
