/*
 * rtc.c: read the CMOS real-time clock (see rtc.h).
 *
 * The clock may be mid-update: read until two consecutive reads agree, with
 * the update-in-progress bit clear. Handles BCD and 12-hour formats.
 */
#include "arch/x86/rtc.h"
#include "arch/x86/cpu.h"

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71

static uint8_t cmos(uint8_t reg)
{
	x86_outb(CMOS_ADDR, reg);
	return x86_inb(CMOS_DATA);
}

struct rtc_time { uint8_t sec, min, hour, day, mon, year, cent; };

static void rtc_raw(struct rtc_time *t)
{
	for (int spin = 0; spin < 100000 && (cmos(0x0a) & 0x80); spin++)
		;
	t->sec = cmos(0x00); t->min = cmos(0x02); t->hour = cmos(0x04);
	t->day = cmos(0x07); t->mon = cmos(0x08); t->year = cmos(0x09);
	t->cent = cmos(0x32);
}

static int bcd(uint8_t v) { return (v & 0x0f) + (v >> 4) * 10; }

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint64_t x86_rtc_read(void)
{
	struct rtc_time a, b;
	rtc_raw(&b);
	for (int tries = 0; tries < 10; tries++) {
		a = b;
		rtc_raw(&b);
		if (a.sec == b.sec && a.min == b.min && a.hour == b.hour &&
		    a.day == b.day && a.mon == b.mon && a.year == b.year)
			break;
	}
	uint8_t regb = cmos(0x0b);
	bool pm = b.hour & 0x80;
	int sec = b.sec, min = b.min, hour = b.hour & 0x7f, day = b.day, mon = b.mon;
	int year = b.year, cent = b.cent;
	if (!(regb & 0x04)) {
		sec = bcd((uint8_t)sec); min = bcd((uint8_t)min); hour = bcd((uint8_t)hour);
		day = bcd((uint8_t)day); mon = bcd((uint8_t)mon); year = bcd((uint8_t)year);
		cent = bcd((uint8_t)cent);
	}
	if (!(regb & 0x02) && pm)
		hour = (hour % 12) + 12;
	if (cent < 19 || cent > 30)
		cent = 20;
	int fullyear = cent * 100 + year;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
		return 0;
	int64_t days = days_from_civil(fullyear, mon, day);
	return (uint64_t)(days * 86400 + hour * 3600 + min * 60 + sec);
}
