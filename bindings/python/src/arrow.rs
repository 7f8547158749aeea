//! Columns given through the Arrow C data interface: any object with `__arrow_c_array__`
//! (pyarrow arrays, and those of nanoarrow, arro3 …) or, for chunked columns, the stream
//! interface's `__arrow_c_stream__` (pyarrow chunked arrays, Polars Series …), imported by
//! arrow-rs where it lies and read into the forms the core's batch functions take. Only layouts
//! are converted here (units, widths, validity bitmaps, dictionaries, chunks); the meaning of a
//! value stays the core's.

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::{
    ArrowDictionaryKeyType, Decimal128Type, Decimal256Type, Decimal32Type, Decimal64Type, Float32Type, Float64Type,
    Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{make_array, new_empty_array, Array, ArrayRef, ArrowPrimitiveType};
use arrow_schema::{DataType, TimeUnit};
use arrow_select::concat::concat;
use guifan_core::batch::{beijing_wall, whole_number, NAT};
use guifan_core::Error;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// An Arrow array imported from its PyCapsules.
pub(crate) struct Arrow(pub(crate) ArrayRef);

impl<'a, 'py> FromPyObject<'a, 'py> for Arrow {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if obj.hasattr(pyo3::intern!(py, "__arrow_c_array__"))? {
            let (schema, array): (Bound<'py, PyCapsule>, Bound<'py, PyCapsule>) =
                obj.call_method0(pyo3::intern!(py, "__arrow_c_array__"))?.extract()?;
            let schema = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
            let array = array.pointer_checked(Some(c"arrow_array"))?.cast::<FFI_ArrowArray>();
            // SAFETY: the capsules hold an exported schema and array, as the PyCapsule protocol
            // promises (their names are checked above). The array is moved out, leaving the
            // capsule's copy released; the schema is only read, while its capsule is alive.
            let array = unsafe { FFI_ArrowArray::from_raw(array.as_ptr()) };
            return Ok(Arrow(imported(array, unsafe { schema.as_ref() })?));
        }
        if obj.hasattr(pyo3::intern!(py, "__arrow_c_stream__"))? {
            let capsule: Bound<'py, PyCapsule> =
                obj.call_method1(pyo3::intern!(py, "__arrow_c_stream__"), (py.None(),))?.extract()?;
            let stream = capsule.pointer_checked(Some(c"arrow_array_stream"))?.cast::<FFI_ArrowArrayStream>();
            // SAFETY: the capsule holds an exported stream (its name is checked above), moved
            // out here and released when `stream` drops; the capsule keeps a released copy.
            let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(stream.as_ptr()) };
            return chunks(&mut stream).map(Arrow);
        }
        Err(PyTypeError::new_err("expected an Arrow array (__arrow_c_array__ or __arrow_c_stream__)"))
    }
}

/// Whether `obj` exports an Arrow array or stream.
pub(crate) fn exported(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = obj.py();
    Ok(obj.hasattr(pyo3::intern!(py, "__arrow_c_array__"))? || obj.hasattr(pyo3::intern!(py, "__arrow_c_stream__"))?)
}

fn unreadable(e: impl std::fmt::Display) -> PyErr {
    PyTypeError::new_err(format!("an Arrow array that cannot be read: {e}"))
}

/// An exported array as arrow-rs's own.
fn imported(array: FFI_ArrowArray, schema: &FFI_ArrowSchema) -> PyResult<ArrayRef> {
    // SAFETY: `array` is an exported array of `schema`'s type, moved in, released on drop.
    Ok(make_array(unsafe { from_ffi(array, schema) }.map_err(unreadable)?))
}

/// Every chunk of a stream, joined into one array.
fn chunks(stream: &mut FFI_ArrowArrayStream) -> PyResult<ArrayRef> {
    let failed = |stream: &mut FFI_ArrowArrayStream, code: i32| {
        // SAFETY: the stream is live; the message it gives, if any, is a C string it owns.
        let message = match stream.get_last_error.map(|last| unsafe { last(stream) }) {
            Some(text) if !text.is_null() => unsafe { std::ffi::CStr::from_ptr(text) }.to_string_lossy().into_owned(),
            _ => format!("error code {code}"),
        };
        unreadable(format!("the stream failed: {message}"))
    };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(unreadable("a released stream"));
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: the stream is live (its callbacks are set), `schema` an empty one to fill.
    match unsafe { get_schema(stream, &mut schema) } {
        0 => {}
        code => return Err(failed(stream, code)),
    }
    let mut parts = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: as above; a released `array` after success marks the end of the stream.
        match unsafe { get_next(stream, &mut array) } {
            0 if array.is_released() => break,
            0 => parts.push(imported(array, &schema)?),
            code => return Err(failed(stream, code)),
        }
    }
    match parts.as_slice() {
        [one] => Ok(one.clone()),
        [] => Ok(new_empty_array(&DataType::try_from(&schema).map_err(unreadable)?)),
        many => concat(&many.iter().map(|a| a.as_ref()).collect::<Vec<_>>()).map_err(unreadable),
    }
}

/// An Arrow type no reading of `field` takes.
fn refused(field: &str, t: &DataType, expected: &str) -> Error {
    Error::invalid(field, format!("an Arrow column of {t}"), expected)
}

/// Every row of a primitive array, widened.
fn widened<T: ArrowPrimitiveType, U>(a: &dyn Array, f: impl Fn(T::Native) -> U) -> Vec<Option<U>> {
    a.as_primitive::<T>().iter().map(|v| v.map(&f)).collect()
}

impl Arrow {
    /// Instants as epoch µs, [`NAT`] for a null: a timestamp with a time zone is an instant, one
    /// without is Beijing wall time; seconds and milliseconds widen (saturating, so a value past
    /// the years guifan keeps stays past them), nanoseconds round down, as numpy casts them.
    pub(crate) fn micros(&self, field: &str) -> Result<Vec<i64>, Error> {
        let a = self.0.as_ref();
        if a.data_type() == &DataType::Null {
            return Ok(vec![NAT; a.len()]);
        }
        let DataType::Timestamp(unit, tz) = a.data_type() else {
            return Err(refused(field, a.data_type(), "expected timestamps"));
        };
        let utc = |v: i64| match tz {
            Some(_) => v.max(NAT + 1),
            None => beijing_wall(v.max(NAT + 1)),
        };
        let rows = match unit {
            TimeUnit::Second => widened::<TimestampSecondType, _>(a, |v| v.saturating_mul(1_000_000)),
            TimeUnit::Millisecond => widened::<TimestampMillisecondType, _>(a, |v| v.saturating_mul(1_000)),
            TimeUnit::Microsecond => widened::<TimestampMicrosecondType, _>(a, |v| v),
            TimeUnit::Nanosecond => widened::<TimestampNanosecondType, _>(a, |v| v.div_euclid(1_000)),
        };
        Ok(rows.into_iter().map(|v| v.map_or(NAT, utc)).collect())
    }

    /// Whether the column holds timestamps (read as instants, by their Beijing date where
    /// dates are asked) rather than dates.
    pub(crate) fn is_timestamp(&self) -> bool {
        matches!(self.0.data_type(), DataType::Timestamp(..))
    }

    /// Dates as days since 1970-01-01 (`date32`, or `date64` by its day).
    pub(crate) fn days(&self, field: &str) -> Result<Vec<Option<i32>>, Error> {
        let a = self.0.as_ref();
        Ok(match a.data_type() {
            DataType::Null => vec![None; a.len()],
            DataType::Date32 => a.as_primitive::<arrow_array::types::Date32Type>().iter().collect(),
            DataType::Date64 => {
                let day = |ms: i64| i32::try_from(ms.div_euclid(86_400_000)).unwrap_or(i32::MAX);
                widened::<arrow_array::types::Date64Type, _>(a, day)
            }
            t => return Err(refused(field, t, "expected dates")),
        })
    }

    /// Whole numbers of any integer width; floats when whole (a NaN is a null, as pandas has it).
    pub(crate) fn whole(&self, field: &str) -> Result<Vec<Option<i64>>, Error> {
        let a = self.0.as_ref();
        let float = |v: f64| whole_number(field, v);
        Ok(match a.data_type() {
            DataType::Null => vec![None; a.len()],
            DataType::Int8 => widened::<Int8Type, _>(a, i64::from),
            DataType::Int16 => widened::<Int16Type, _>(a, i64::from),
            DataType::Int32 => widened::<Int32Type, _>(a, i64::from),
            DataType::Int64 => widened::<Int64Type, _>(a, |v| v),
            DataType::UInt8 => widened::<UInt8Type, _>(a, i64::from),
            DataType::UInt16 => widened::<UInt16Type, _>(a, i64::from),
            DataType::UInt32 => widened::<UInt32Type, _>(a, i64::from),
            DataType::UInt64 => {
                let rows = a.as_primitive::<UInt64Type>().iter();
                let big = |v: u64| Error::invalid(field, v.to_string(), "expected whole numbers up to 2^63 - 1");
                rows.map(|v| v.map(|v| i64::try_from(v).map_err(|_| big(v))).transpose()).collect::<Result<_, _>>()?
            }
            DataType::Float32 => a
                .as_primitive::<Float32Type>()
                .iter()
                .map(|v| v.map_or(Ok(None), |v| float(v.into())))
                .collect::<Result<_, _>>()?,
            DataType::Float64 => {
                a.as_primitive::<Float64Type>().iter().map(|v| v.map_or(Ok(None), float)).collect::<Result<_, _>>()?
            }
            t => return Err(refused(field, t, "expected whole numbers")),
        })
    }

    /// Text as distinct values and one code per row into them (-1 a null): a dictionary's own,
    /// or the distinct strings in the order they first come.
    pub(crate) fn text(&self, field: &str) -> Result<(Vec<Option<String>>, Vec<i32>), Error> {
        let a = self.0.as_ref();
        if let DataType::Dictionary(key, _) = a.data_type() {
            return match key.as_ref() {
                DataType::Int8 => dictionary::<Int8Type>(field, a),
                DataType::Int16 => dictionary::<Int16Type>(field, a),
                DataType::Int32 => dictionary::<Int32Type>(field, a),
                DataType::Int64 => dictionary::<Int64Type>(field, a),
                DataType::UInt8 => dictionary::<UInt8Type>(field, a),
                DataType::UInt16 => dictionary::<UInt16Type>(field, a),
                DataType::UInt32 => dictionary::<UInt32Type>(field, a),
                DataType::UInt64 => dictionary::<UInt64Type>(field, a),
                _ => Err(refused(field, a.data_type(), "expected text")),
            };
        }
        if a.data_type() == &DataType::Null {
            return Ok((Vec::new(), vec![-1; a.len()]));
        }
        let rows = strings(field, a)?;
        let mut uniques: Vec<Option<String>> = Vec::new();
        let mut seen = std::collections::HashMap::new();
        let codes = rows
            .into_iter()
            .map(|s| match s {
                None => -1,
                Some(s) => *seen.entry(s).or_insert_with(|| {
                    uniques.push(Some(s.to_string()));
                    (uniques.len() - 1) as i32
                }),
            })
            .collect();
        Ok((uniques, codes))
    }

    /// Amounts as their exact text or value: decimal128 as (mantissa, scale), integers, floats
    /// (a NaN a null) and strings, each read exactly by the caller.
    pub(crate) fn amounts(&self, field: &str) -> Result<Amounts, Error> {
        let a = self.0.as_ref();
        Ok(match a.data_type() {
            DataType::Decimal32(_, scale) => {
                Amounts::Decimal(widened::<Decimal32Type, _>(a, i128::from), i64::from(*scale))
            }
            DataType::Decimal64(_, scale) => {
                Amounts::Decimal(widened::<Decimal64Type, _>(a, i128::from), i64::from(*scale))
            }
            DataType::Decimal128(_, scale) => {
                Amounts::Decimal(widened::<Decimal128Type, _>(a, |v| v), i64::from(*scale))
            }
            DataType::Decimal256(_, scale) => {
                let rows = a.as_primitive::<Decimal256Type>().iter();
                let why = "more digits than an amount holds";
                let narrowed = rows.map(|v| {
                    v.map(|v| v.to_i128().ok_or_else(|| Error::invalid(field, v.to_string(), why))).transpose()
                });
                Amounts::Decimal(narrowed.collect::<Result<_, _>>()?, i64::from(*scale))
            }
            DataType::Float32 => {
                Amounts::Float32(a.as_primitive::<Float32Type>().iter().map(|v| v.unwrap_or(f32::NAN)).collect())
            }
            DataType::Float64 => {
                Amounts::Float(a.as_primitive::<Float64Type>().iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            }
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                Amounts::Text(strings(field, a)?.into_iter().map(|s| s.map(str::to_string)).collect())
            }
            _ => Amounts::Whole(self.whole(field).map_err(|_| refused(field, a.data_type(), "expected amounts"))?),
        })
    }
}

/// A money column read from Arrow, by how its values are held.
pub(crate) enum Amounts {
    Decimal(Vec<Option<i128>>, i64),
    Float(Vec<f64>),
    Float32(Vec<f32>),
    Whole(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

/// The rows of a string array of any offset width.
fn strings<'a>(field: &str, a: &'a dyn Array) -> Result<Vec<Option<&'a str>>, Error> {
    Ok(match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => a.as_string::<i64>().iter().collect(),
        DataType::Utf8View => a.as_string_view().iter().collect(),
        t => return Err(refused(field, t, "expected text")),
    })
}

fn dictionary<K: ArrowDictionaryKeyType>(field: &str, a: &dyn Array) -> Result<(Vec<Option<String>>, Vec<i32>), Error> {
    let d = a.as_dictionary::<K>();
    let uniques = strings(field, d.values().as_ref())?.into_iter().map(|s| s.map(str::to_string)).collect();
    let keys = d.keys();
    let codes = (0..d.len())
        .map(|row| match keys.is_valid(row) {
            true => i32::try_from(d.key(row).unwrap_or(0)).unwrap_or(i32::MAX),
            false => -1,
        })
        .collect();
    Ok((uniques, codes))
}
