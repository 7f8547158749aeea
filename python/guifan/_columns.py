"""Adapters between columns (pandas Series, numpy arrays, pyarrow arrays) and the numpy arrays
the native column functions read and write (values and a bool validity mask). numpy is needed for columns; pandas and pyarrow are
imported only when a column of theirs is given."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple, Union

from ._kinds import InvalidInput

Array = Any
"""A numpy array (numpy is imported lazily, so it is not named in annotations)."""

US_PER_HOUR = 3_600_000_000
BEIJING_US = 8 * US_PER_HOUR


def _np() -> Any:
    try:
        import numpy
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "guifan.batch needs numpy: pip install 'guifan[pandas]' or 'guifan[arrow]'"
        ) from e
    return numpy


def _is_pandas(x: Any) -> bool:
    # pandas may be half imported by another thread (pyarrow imports it lazily, e.g. inside a
    # Polars worker): a Series can only exist once that import is done.
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(x, getattr(pd, "Series", ()))


def _is_arrow(x: Any) -> bool:
    """An array of any library that exports the Arrow C data interface (``__arrow_c_array__``)
    or, chunked, its stream interface (``__arrow_c_stream__``: pyarrow's chunked arrays, Polars
    Series): the native functions import those where they lie."""
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(x, (pa.Array, pa.ChunkedArray)):
        return True
    kind = type(x)
    exported = hasattr(kind, "__arrow_c_array__") or hasattr(kind, "__arrow_c_stream__")
    return exported and not _is_pandas(x) and not _is_numpy(x)


def _is_numpy(x: Any) -> bool:
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.ndarray)


@dataclass
class Shape:
    """Where a column came from, to build results of the same kind."""

    kind: str  # "pandas", "numpy", "arrow" or "polars" (read as Arrow, answered as a Series)
    rows: int
    index: Any = None  # pandas index
    name: Any = None  # pandas name
    chunked: bool = False  # an Arrow stream (pyarrow ChunkedArray, Polars Series)


def shape_of(x: Any, field: str) -> Shape:
    if _is_pandas(x):
        return Shape("pandas", len(x), x.index, x.name)
    if _is_arrow(x):
        polars = sys.modules.get("polars")
        if polars is not None and isinstance(x, polars.Series):
            return Shape("polars", len(x))
        return Shape("arrow", len(x), chunked=not hasattr(type(x), "__arrow_c_array__"))
    if _is_numpy(x):
        if x.ndim != 1:
            raise InvalidInput(f"invalid {field}: a {x.ndim}-d array (expected one column)", field=field, value=f"{x.ndim}-d")
        return Shape("numpy", len(x))
    raise TypeError(
        f"{field}: expected a pandas Series, a numpy array, a Polars Series or an Arrow array, got {type(x).__name__}"
    )


def _pyarrow_backed(x: Any) -> bool:
    """A pandas column holding an Arrow array (``ArrowDtype``: ``read_csv(dtype_backend="pyarrow")``)."""
    return _is_pandas(x) and type(x.dtype).__name__ == "ArrowDtype"


def _arrow_array(x: Any) -> Any:
    """An Arrow column as the native functions import it (its chunks joined there): the array
    itself, or a pyarrow-backed pandas column's own."""
    pa = sys.modules.get("pyarrow")
    if _pyarrow_backed(x):
        return pa.array(x.array)  # type: ignore[union-attr]  # pandas imports pyarrow for these
    if pa is not None and isinstance(x, pa.ChunkedArray) and not hasattr(x, "__arrow_c_stream__"):
        return x.combine_chunks()  # pyarrow before 16 exports no stream
    return x


# --- instants ---------------------------------------------------------------------------------


def _pandas_datetimes(s: Any, field: str) -> Any:
    """A pandas Series of datetime64 (naive or aware) from whatever the column holds."""
    import pandas as pd

    if isinstance(s.dtype, pd.DatetimeTZDtype) or str(s.dtype).startswith("datetime64"):
        return s
    if s.dtype == object or str(s.dtype) in ("string", "str"):
        try:
            out = pd.to_datetime(s)
        except (ValueError, TypeError) as e:
            aware = s.map(lambda v: getattr(v, "tzinfo", None) is not None).to_numpy()
            present = s.notna().to_numpy()
            if present.any() and aware[present].all():
                return pd.to_datetime(s, utc=True)
            raise InvalidInput(
                f"invalid {field}: {e} (mix of naive and aware instants? convert the column first)",
                field=field,
                value=str(s.dtype),
            ) from e
        if out.dtype == object:
            return pd.to_datetime(s, utc=True)
        return out
    raise InvalidInput(
        f"invalid {field}: a column of {s.dtype} (expected datetimes)", field=field, value=str(s.dtype)
    )


def _micros_from_naive(values: Array) -> Tuple[Array, Array]:
    """Beijing wall times (datetime64, NaT = null) as epoch microseconds and validity."""
    np = _np()
    wall = values.astype("datetime64[us]")
    valid = ~np.isnat(wall)
    micros = wall.view("i8") - BEIJING_US
    return np.where(valid, micros, 0), valid


Instants = Union[Tuple[Array, Optional[Array], str], Any]
"""An instant column as the native functions read it in place: ``int64`` values in a unit
(``"us"`` or ``"ns"``) since the epoch, NaT a null, and an optional ``bool`` validity mask; or
an Arrow array of timestamps."""


def _mask(valid: Array) -> Optional[Array]:
    np = _np()
    return None if bool(valid.all()) else np.ascontiguousarray(valid, dtype=bool)


def _in_place(utc: Array) -> Instants:
    """UTC ``datetime64`` values as they lie: nanoseconds and microseconds are read as they
    are (NaT a null); other units are cast to microseconds first."""
    np = _np()
    unit, count = np.datetime_data(utc.dtype)
    if unit not in ("us", "ns") or count != 1:
        utc, unit = utc.astype("datetime64[us]"), "us"
    return np.ascontiguousarray(utc).view("i8"), None, unit


def instants(x: Any, field: str, arrow: bool = True) -> Instants:
    """An instant column as :data:`Instants` (naive = Beijing wall time, aware = converted);
    an aware pandas column's data is not copied, an Arrow array (with ``arrow``, else as numpy
    arrays) goes to the native functions as it is."""
    np = _np()
    shape_of(x, field)
    if _pyarrow_backed(x):
        return instants(_arrow_array(x), field, arrow)
    if _is_arrow(x) and not arrow:
        import pyarrow as pa

        arr = _arrow_array(x)
        if not hasattr(type(arr), "__arrow_c_array__"):
            arr = (arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array(arr)).combine_chunks()
        values = arr.to_numpy(zero_copy_only=False)  # datetime64 (UTC when zoned), NaT for nulls
        return _in_place(values) if getattr(arr.type, "tz", None) else instants(values, field)
    if _is_pandas(x):
        import pandas as pd

        s = _pandas_datetimes(x, field)
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            # `.values` of an aware column: its UTC datetime64 data, not copied.
            return _in_place(s.values)
        micros, valid = _micros_from_naive(s.to_numpy())
    elif _is_arrow(x):
        return _arrow_array(x)
    else:
        data, valid_ma = _masked(x)
        if data.dtype.kind == "M":
            micros, valid = _micros_from_naive(data)
        elif data.dtype == object and _try_import("pandas"):
            import pandas as pd

            return instants(pd.Series(data), field)
        else:
            raise InvalidInput(
                f"invalid {field}: a numpy array of {data.dtype} (expected datetime64)", field=field, value=str(data.dtype)
            )
        valid = valid & valid_ma
    return np.ascontiguousarray(micros, dtype=np.int64), _mask(valid), "us"


def _try_import(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def _masked(x: Array) -> Tuple[Array, Array]:
    """The data of a (possibly masked) numpy array and which rows are present."""
    np = _np()
    if isinstance(x, np.ma.MaskedArray):
        return np.asarray(x.data), ~np.ma.getmaskarray(x)
    return x, np.ones(len(x), dtype=bool)


# --- dates ------------------------------------------------------------------------------------


Masked = Tuple[Array, Optional[Array]]
"""A column as the native functions read it: a numpy array and, when some rows are null, a
``bool`` validity mask."""


def _with_mask(values: Array, valid: Array, dtype: Any) -> Masked:
    """Contiguous values of ``dtype`` (0 in null rows) and the mask, when one is needed."""
    np = _np()
    return np.ascontiguousarray(np.where(valid, values, 0), dtype=dtype), _mask(valid)


def dates(x: Any, field: str) -> Union[Masked, Any]:
    """A date column as days since 1970-01-01 (datetimes count by their Beijing date), or an
    Arrow array of dates or timestamps, which the native functions read as they are."""
    np = _np()
    shape_of(x, field)
    if _is_arrow(x) or _pyarrow_backed(x):
        return _arrow_array(x)
    if _is_pandas(x):
        import pandas as pd

        s = _pandas_datetimes(x, field)
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_convert(BEIJING_TZ()).dt.tz_localize(None)
        days = s.to_numpy().astype("datetime64[D]")
        valid = ~np.isnat(days)
    else:
        data, present = _masked(x)
        if data.dtype.kind == "M":
            days = data.astype("datetime64[D]")
        elif data.dtype == object:
            if _try_import("pandas"):
                import pandas as pd

                return dates(pd.Series(data), field)
            days = np.array([np.datetime64("NaT") if v is None else v for v in data], dtype="datetime64[D]")
        else:
            raise InvalidInput(
                f"invalid {field}: a numpy array of {data.dtype} (expected datetime64 dates)",
                field=field,
                value=str(data.dtype),
            )
        valid = ~np.isnat(days) & present
    return _with_mask(days.view("i8"), valid, np.int32)


def BEIJING_TZ() -> Any:
    from ._results import BEIJING

    return BEIJING


# --- text and whole-number arguments -----------------------------------------------------------


Text = Union[str, Tuple[Sequence[Optional[str]], Array], Any]
"""A text argument: one ``str``, ``(uniques, int32 codes)`` (-1 a null) or an Arrow array."""


def text(x: Any, field: str) -> Text:
    """A text argument: one ``str`` for every row, or a column as ``(uniques, codes)`` (an Arrow
    column as it is)."""
    if isinstance(x, str):
        return x
    np = _np()
    shape_of(x, field)
    if _is_arrow(x):
        return _arrow_array(x)  # strings or a dictionary of them, read natively
    if _is_pandas(x) or _try_import("pandas"):
        import pandas as pd

        if _is_pandas(x):
            s = x
        else:
            data, present = _masked(x)
            if not bool(present.all()):
                data = data.astype(object)
                data[~present] = None
            s = pd.Series(data)
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.to_numpy()
            uniques = [str(u) for u in s.cat.categories]
        else:
            codes, cats = pd.factorize(s)
            uniques = [str(u) for u in cats]
        return uniques, np.ascontiguousarray(codes, dtype=np.int32)
    data, present = _masked(x)
    present = present & np.array([v is not None for v in data.tolist()], dtype=bool)
    names = data[present].astype(str)
    uniq, inverse = np.unique(names, return_inverse=True)
    codes = np.full(len(data), -1, dtype=np.int32)
    codes[present] = inverse
    return [str(u) for u in uniq], codes


Int = Union[int, Masked, Any]
"""A whole-number argument: one ``int``, a :data:`Masked` column or an Arrow array."""


def whole(x: Any, field: str) -> Int:
    """A whole-number argument: one ``int`` for every row, or a column of them."""
    np = _np()
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return int(x)
    shape_of(x, field)
    if _is_arrow(x):
        return _arrow_array(x)
    if _is_pandas(x):
        from pandas.api import types as pdt

        valid = ~x.isna().to_numpy()
        if pdt.is_integer_dtype(x.dtype):
            values = x.to_numpy(dtype="int64", na_value=0)
        elif pdt.is_float_dtype(x.dtype):
            values = x.to_numpy(dtype="float64", na_value=np.nan)
        else:
            values = x.to_numpy(dtype=object, na_value=0)
    else:
        values, valid = _masked(x)
    if values.dtype.kind == "f":  # NaN a null, a fraction refused: read by the core
        return _with_mask(values, valid, np.float64)
    if values.dtype.kind == "O":
        try:
            as_int = values.astype(np.int64)
        except (TypeError, ValueError, OverflowError) as e:
            raise InvalidInput(f"invalid {field}: {e} (expected whole numbers)", field=field, value=str(values.dtype)) from e
        if not bool(np.all(as_int == values)):
            bad = values[as_int != values][0]
            raise InvalidInput(f"invalid {field}: {bad!r} (expected whole numbers)", field=field, value=repr(bad))
        values = as_int
    if values.dtype.kind not in "iu":
        raise InvalidInput(
            f"invalid {field}: a column of {values.dtype} (expected whole numbers)", field=field, value=str(values.dtype)
        )
    return _with_mask(values, valid, np.int64)


# --- money ------------------------------------------------------------------------------------


def _floats(values: Array) -> Tuple[Any, ...]:
    """A float money column (NaN = null) at its own width: float32 values are read at float32
    precision (3359.99, not the 3359.989990234375 their float64 widening holds), as numpy's
    float32 scalars are; other widths as float64."""
    np = _np()
    if values.dtype == np.float32:
        return ("float32", np.ascontiguousarray(values))
    return ("float", np.ascontiguousarray(values, dtype=np.float64))


def money(x: Any, field: str) -> Any:
    """A money column in one of the encodings the native ``tiers`` reads exactly, or an Arrow
    array."""
    np = _np()
    shape_of(x, field)
    if _is_arrow(x) or _pyarrow_backed(x):
        return _arrow_array(x)  # decimals, integers, floats or strings, read natively
    if _is_pandas(x):
        from pandas.api import types as pdt

        valid = ~x.isna().to_numpy()
        if pdt.is_float_dtype(x.dtype):
            return _floats(x.to_numpy(dtype=np.dtype(getattr(x.dtype, "numpy_dtype", x.dtype)), na_value=np.nan))
        if pdt.is_integer_dtype(x.dtype):
            return ("int", x.to_numpy(dtype="int64", na_value=0), _mask(valid))
        return ("object", x.astype(object).tolist(), _mask(valid))
    data, present = _masked(x)
    if data.dtype.kind == "f":
        return _floats(np.where(present, data, np.nan).astype(data.dtype))
    if data.dtype.kind in "iu":
        return ("int", np.ascontiguousarray(data, dtype=np.int64), _mask(present))
    if data.dtype.kind in "OUS":
        items = data.tolist()
        present = present & np.array([v is not None for v in items], dtype=bool)
        return ("object", items, _mask(present))
    raise InvalidInput(f"invalid {field}: a numpy array of {data.dtype} (expected amounts)", field=field, value=str(data.dtype))


# --- results ----------------------------------------------------------------------------------


def _numpy_nullable(values: Array, valid: Array) -> Array:
    np = _np()
    if bool(valid.all()):
        return values
    return np.ma.MaskedArray(values, mask=~valid)


def _arrow_out(arr: Any, shape: Shape, name: Optional[str]) -> Any:
    if shape.kind == "polars":
        return sys.modules["polars"].Series(name or "", arr)
    if shape.chunked:
        import pyarrow as pa

        return pa.chunked_array([arr], type=arr.type)
    return arr


def out_instants(micros: Array, shape: Shape, name: Optional[str] = None) -> Any:
    """Epoch microseconds (NaT = null) as aware instants at +08:00, pandas' and Arrow's wrapping
    the values as they are (numpy: Beijing wall time)."""
    np = _np()
    if shape.kind == "pandas":
        import pandas as pd

        return pd.Series(micros, dtype=pd.DatetimeTZDtype("us", BEIJING_TZ()), index=shape.index, name=name)
    valid = micros != np.iinfo(np.int64).min
    if shape.kind in ("arrow", "polars"):
        import pyarrow as pa

        return _arrow_out(pa.array(micros, type=pa.timestamp("us", tz="+08:00"), mask=~valid), shape, name)
    return np.where(valid, micros + BEIJING_US, micros).view("datetime64[us]")


def _out_nullable(values: Any, valid: Any, shape: Shape, name: Optional[str], pandas_array: str, arrow_type: str) -> Any:
    """A column of values with a validity mask, as the kind of column that came in."""
    if shape.kind == "pandas":
        import pandas as pd

        return pd.Series(getattr(pd.arrays, pandas_array)(values, ~valid), index=shape.index, name=name)
    if shape.kind in ("arrow", "polars"):
        import pyarrow as pa

        return _arrow_out(pa.array(values, type=getattr(pa, arrow_type)(), mask=~valid), shape, name)
    return _numpy_nullable(values, valid)


def out_bools(pair: Tuple[Array, Array], shape: Shape, name: Optional[str] = None) -> Any:
    return _out_nullable(pair[0], pair[1], shape, name, "BooleanArray", "bool_")


def out_coded_bools(codes: Array, shape: Shape, name: Optional[str] = None) -> Any:
    """Booleans coded as ``int8`` (-1 null, 0 false, 1 true)."""
    return _out_nullable(codes == 1, codes >= 0, shape, name, "BooleanArray", "bool_")


def out_ints(pair: Tuple[Array, Array], shape: Shape, name: Optional[str] = None) -> Any:
    return out_masked_ints(pair[0], pair[1], shape, name)


def out_masked_ints(values: Array, valid: Array, shape: Shape, name: Optional[str] = None) -> Any:
    return _out_nullable(values, valid, shape, name, "IntegerArray", "int64")


def out_dates(pair: Tuple[Array, Array], shape: Shape, name: Optional[str] = None) -> Any:
    np = _np()
    days, valid = pair
    if shape.kind in ("arrow", "polars"):
        import pyarrow as pa

        return _arrow_out(pa.array(days, type=pa.int32(), mask=~valid).cast(pa.date32()), shape, name)
    values = np.where(valid, days.astype(np.int64), np.iinfo(np.int64).min).view("datetime64[D]")
    if shape.kind == "pandas":
        import pandas as pd

        return pd.Series(values, index=shape.index, name=name)
    return values


def out_tiers(codes: Array, names: List[str], shape: Shape, name: Optional[str] = None) -> Any:
    """Tier codes as names: pandas an ordered Categorical (none < silver < gold < diamond),
    Polars an Enum in that order, pyarrow strings, numpy an object array; nulls where the code
    is -1."""
    np = _np()
    c = codes.astype(np.int64)
    if shape.kind == "pandas":
        import pandas as pd

        cat = pd.Categorical.from_codes(c, categories=names, ordered=True)
        return pd.Series(cat, index=shape.index, name=name)
    if shape.kind in ("arrow", "polars"):
        import pyarrow as pa
        import pyarrow.compute as pc

        indices = pa.array(c, type=pa.int64(), mask=c < 0)
        out = _arrow_out(pc.take(pa.array(names, type=pa.string()), indices), shape, name)
        return out.cast(sys.modules["polars"].Enum(names)) if shape.kind == "polars" else out
    table = np.array(list(names) + [None], dtype=object)
    return table[np.where(c < 0, len(names), c)]
