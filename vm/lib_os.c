/*
 * lib_os.c: the os library: clock, date, difftime, exit, getenv, time.
 *
 * Time comes from vm/platform.h (plat_time, plat_clock). Amber has no time
 * zones: local time is UTC, in the kernel and hosted alike (the hosted
 * reference machines run in UTC, where lua5.4 agrees). Calendar arithmetic
 * (the normalisation os.time does like mktime, the broken-down time of
 * os.date) is done here with the proleptic Gregorian calendar, so nothing
 * depends on the host's C library but strftime for the text of os.date.
 *
 * Builtin ids are BUILTIN_ID(BLIB_OS, index into `regs`): never reorder.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "vm/api.h"
#include "vm/platform.h"
#include "vm/string.h"
#include "vm/table.h"

enum {
	O_CLOCK, O_DATE, O_DIFFTIME, O_EXIT, O_GETENV, O_TIME, O_NBUILTINS
};

/* ---- calendar ----------------------------------------------------------- */

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days from 1970-01-01 to year-mon-1 (mon 0..11). */
static int64_t days_from_civil(int64_t y, int64_t mon)
{
	int64_t m = mon + 1;
	y -= m <= 2;
	int64_t era = floordiv(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Broken-down UTC time of t; 0 if the year does not fit a struct tm. */
static int breakdown(int64_t t, struct tm *tm)
{
	int64_t days = floordiv(t, 86400), secs = t - days * 86400;
	int64_t z = days + 719468;
	int64_t era = floordiv(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	if (y - 1900 > INT_MAX || y - 1900 < INT_MIN)
		return 0;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)(m - 1);
	tm->tm_mday = (int)d;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)(((days % 7) + 11) % 7);  /* 1970-01-01: Thursday */
	tm->tm_yday = (int)(days - days_from_civil(y, 0));
	tm->tm_isdst = 0;
	return 1;
}

/* ---- os.time ------------------------------------------------------------ */

static int64_t getfield(VM *vm, Table *t, const char *key, int64_t d,
                        int64_t delta)
{
	const Value *v = tab_getstr(t, str_newz(vm, key));
	int64_t res;
	if (!vm_tointeger(v, &res)) {
		if (!ttisnil(v))
			vm_error(vm, "field '%s' is not an integer", key);
		if (d < 0)
			vm_error(vm, "field '%s' missing in date table", key);
		return d;
	}
	if (!(res >= 0 ? res - delta <= INT_MAX : INT_MIN + delta <= res))
		vm_error(vm, "field '%s' is out-of-bound", key);
	return res - delta;
}

static void setfield(VM *vm, Table *t, const char *key, int64_t v)
{
	Value x;
	setivalue(&x, v);
	tab_setstr(vm, t, str_newz(vm, key), &x);
}

static void setallfields(VM *vm, Table *t, const struct tm *tm)
{
	setfield(vm, t, "year", (int64_t)tm->tm_year + 1900);
	setfield(vm, t, "month", tm->tm_mon + 1);
	setfield(vm, t, "day", tm->tm_mday);
	setfield(vm, t, "hour", tm->tm_hour);
	setfield(vm, t, "min", tm->tm_min);
	setfield(vm, t, "sec", tm->tm_sec);
	setfield(vm, t, "yday", tm->tm_yday + 1);
	setfield(vm, t, "wday", tm->tm_wday + 1);
	Value f;
	setfalse(&f);
	tab_setstr(vm, t, str_newz(vm, "isdst"), &f);
}

static int o_time(VM *vm, CallInfo *ci)
{
	int64_t t;
	if (ttisnil(vm_arg(vm, 1))) {
		t = (int64_t)plat_time();
	} else {
		Table *tt = vm_checktable(vm, 1);
		int64_t year = getfield(vm, tt, "year", -1, 1900);
		int64_t mon = getfield(vm, tt, "month", -1, 1);
		int64_t day = getfield(vm, tt, "day", -1, 0);
		int64_t hour = getfield(vm, tt, "hour", 12, 0);
		int64_t min = getfield(vm, tt, "min", 0, 0);
		int64_t sec = getfield(vm, tt, "sec", 0, 0);
		int64_t y = year + 1900 + floordiv(mon, 12);
		int64_t days = days_from_civil(y, mon - floordiv(mon, 12) * 12) + day - 1;
		t = days * 86400 + hour * 3600 + min * 60 + sec;
		struct tm tm;
		if (!breakdown(t, &tm) || t == -1)
			vm_error(vm, "time result cannot be represented in this installation");
		setallfields(vm, tt, &tm);
	}
	vm_pushinteger(vm, t);
	return 1;
}

/* ---- os.date ------------------------------------------------------------ */

/* Valid strftime conversions: one-letter, then (after '|') two-letter. */
static const char strftime_options[] =
	"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
	"||" "EcECExEXEyEY" "OdOeOHOIOmOMOSOuOUOVOwOWOy";

static const char *checkoption(VM *vm, VMBuffer *b, const char *conv,
                               ptrdiff_t convlen, char *buff)
{
	int oplen = 1;
	for (const char *o = strftime_options; *o != '\0' && oplen <= convlen;
	     o += oplen) {
		if (*o == '|') {
			oplen++;
		} else if (memcmp(conv, o, (size_t)oplen) == 0) {
			memcpy(buff, conv, (size_t)oplen);
			buff[oplen] = '\0';
			return conv + oplen;
		}
	}
	char msg[300];
	snprintf(msg, sizeof msg, "invalid conversion specifier '%%%s'", conv);
	vm_bufffree(b);
	vm_argerror(vm, 1, msg);
}

static int o_date(VM *vm, CallInfo *ci)
{
	size_t slen;
	const char *s = vm_optlstring(vm, 1, "%c", &slen);
	const char *se = s + slen;
	int64_t t = ttisnil(vm_arg(vm, 2)) ? (int64_t)plat_time()
	                                   : vm_checkinteger(vm, 2);
	int utc = (*s == '!');
	struct tm tm;
	if (utc)
		s++;
	if (!breakdown(t, &tm))
		vm_error(vm, "date result cannot be represented in this installation");
	if (strcmp(s, "*t") == 0) {
		Table *r = vm_pushnewtable(vm, 0, 9);
		setallfields(vm, r, &tm);
		return 1;
	}
	VMBuffer b;
	vm_buffinit(vm, &b);
	while (s < se) {
		if (*s != '%') {
			vm_addchar(&b, *s++);
			continue;
		}
		char cc[4] = {'%'};
		s = checkoption(vm, &b, s + 1, se - s - 1, cc + 1);
		if (cc[1] == 'Z') {
			vm_addstring(&b, utc ? "GMT" : "UTC");
		} else if (cc[1] == 'z') {
			vm_addstring(&b, "+0000");
		} else {
			char *buff = vm_prepbuffsize(&b, 250);
			vm_addsize(&b, strftime(buff, 250, cc, &tm));
		}
	}
	vm_pushresult(&b);
	return 1;
}

/* ---- the rest ----------------------------------------------------------- */

static int o_clock(VM *vm, CallInfo *ci)
{
	vm_pushnumber(vm, plat_clock());
	return 1;
}

static int o_difftime(VM *vm, CallInfo *ci)
{
	int64_t t1 = vm_checkinteger(vm, 1);
	int64_t t2 = vm_checkinteger(vm, 2);
	vm_pushnumber(vm, (double)t1 - (double)t2);
	return 1;
}

static int o_exit(VM *vm, CallInfo *ci)
{
	int status;
	Value *a = vm_arg(vm, 1);
	if (ttisboolean(a))
		status = ttistrue(a) ? 0 : 1;
	else
		status = (int)vm_optinteger(vm, 1, 0);
	plat_exit(status);
}

static int o_getenv(VM *vm, CallInfo *ci)
{
	const char *v = plat_getenv(vm_checklstring(vm, 1, NULL));
	if (v == NULL)
		vm_pushnil(vm);
	else
		vm_pushstring(vm, v);
	return 1;
}

static const BuiltinReg os_regs[O_NBUILTINS] = {
	[O_CLOCK] = {"clock", o_clock},
	[O_DATE] = {"date", o_date},
	[O_DIFFTIME] = {"difftime", o_difftime},
	[O_EXIT] = {"exit", o_exit},
	[O_GETENV] = {"getenv", o_getenv},
	[O_TIME] = {"time", o_time},
};

const BuiltinLib vm_lib_os = {
	BLIB_OS, "os", os_regs, O_NBUILTINS, NULL
};
