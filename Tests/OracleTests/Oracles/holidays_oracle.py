"""UK bank holidays from the `holidays` package, for BankHolidayOracleTests.

Usage: holidays_oracle.py FIRST_YEAR LAST_YEAR SUBDIVISION...
(subdivisions as the package names them: ENG, SCT, NIR, WLS)

Prints one line per holiday date, in date order: "SUBDIVISION YYYY-MM-DD NAME".
Like Convene, the package lists a weekend holiday on its own date and the weekday
that substitutes for it ("... (observed)") as a second date.
"""

import sys

import holidays


def main() -> None:
    first, last = int(sys.argv[1]), int(sys.argv[2])
    for subdivision in sys.argv[3:]:
        calendar = holidays.country_holidays(
            "GB", subdiv=subdivision, years=range(first, last + 1)
        )
        for day, name in sorted(calendar.items()):
            print(f"{subdivision} {day.isoformat()} {name}")


if __name__ == "__main__":
    main()
