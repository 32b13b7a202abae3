import random
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format

from newsroom.dateformats import DateTimeFormatter


def sample_datetimes():
    rng = random.Random(20261126)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    values = [
        start + timedelta(seconds=rng.randrange(3 * 365 * 86400), microseconds=rng.randrange(10**6))
        for _ in range(2000)
    ]
    # Both daylight-saving changes of 2025 in Europe/Paris, every half hour.
    values += [
        datetime(2025, month, day, hour, minute, tzinfo=UTC)
        for month in (3, 10)
        for day in (29, 30, 31)
        for hour in range(24)
        for minute in (0, 30)
    ]
    aware = [timezone.localtime(value) for value in values]
    # Midnight and noon have their own words in the English "P".
    naive = [datetime(2025, 1, 1, 0, 0), datetime(2025, 1, 1, 12, 0), datetime(2025, 6, 1, 9, 5, 7)]
    return aware + naive


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "format_string",
    [
        "DATETIME_FORMAT",
        "DATE_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "MONTH_DAY_FORMAT",
        "l jS \\o\\f F Y h:i:s A",
        "E b N o W z t L w y g G a f u P",
        "D, d M Y H:i:s O",
        "c",
    ],
)
def test_formatter_gives_what_dateformat_gives(language, format_string):
    with translation.override(language):
        format_string = get_format(format_string) if format_string.isupper() else format_string
        formatter = DateTimeFormatter(format_string)
        for value in sample_datetimes():
            assert formatter(value) == dateformat.format(value, format_string), value
