/*
 * test_misc.c: command line words, log line format, symbol lookup, the
 * PS/2 scan-code decoder and the font.
 */
#include "helpers.h"
#include <stdio.h>
#include "kernel/cmdline.h"
#include "kernel/font.h"
#include "kernel/ksyms.h"
#include "arch/x86/ps2kbd.h"

static void test_cmdline(void **state)
{
	(void)state;
	char v[16];
	const char *cmd = "/boot/amber.elf  test=pagefault nofb\tloglevel=2 x=";
	assert_true(cmdline_flag(cmd, "test"));
	assert_true(cmdline_flag(cmd, "nofb"));
	assert_false(cmdline_flag(cmd, "nof"));
	assert_false(cmdline_flag(cmd, "noacpi"));
	assert_true(cmdline_value(cmd, "test", v, sizeof v));
	assert_string_equal(v, "pagefault");
	assert_true(cmdline_value(cmd, "loglevel", v, sizeof v));
	assert_string_equal(v, "2");
	assert_true(cmdline_value(cmd, "x", v, sizeof v));
	assert_string_equal(v, "");
	assert_false(cmdline_value(cmd, "nofb", v, sizeof v));
	assert_true(cmdline_value("a=0123456789abcdefXYZ", "a", v, 8));
	assert_string_equal(v, "0123456");
	assert_false(cmdline_flag("", "test"));
	assert_false(cmdline_flag(NULL, "test"));
}

static size_t fmt(char *buf, size_t size, uint64_t ns, int level, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	size_t n = klog_format(buf, size, ns, level, f, ap);
	va_end(ap);
	return n;
}

static void test_klog_format(void **state)
{
	(void)state;
	char buf[KLOG_LINE_MAX];
	size_t n = fmt(buf, sizeof buf, 1234567891ull, KLOG_INFO, "hello %d", 42);
	assert_string_equal(buf, "[    1.234567] hello 42\n");
	assert_int_equal(n, strlen(buf));
	fmt(buf, sizeof buf, 0, KLOG_WARN, "x");
	assert_string_equal(buf, "[    0.000000] warning: x\n");
	fmt(buf, sizeof buf, 0, KLOG_ERROR, "y");
	assert_string_equal(buf, "[    0.000000] error: y\n");
	char small[24];
	n = fmt(small, sizeof small, 0, KLOG_INFO, "a long message that is truncated");
	assert_int_equal(n, sizeof small - 1);
	assert_int_equal(small[n - 1], '\n');
	log_reset();
	klog(KLOG_DEBUG, "debug line %s", "shown");
	assert_true(log_has("debug: debug line shown"));
	klog_set_level(KLOG_WARN);
	klog(KLOG_INFO, "hidden");
	assert_false(log_has("hidden"));
	klog_set_level(KLOG_DEBUG);
}

static char replayed[16384];
static size_t replayed_len;
static void replay_sink(const char *s, size_t n)
{
	memcpy(replayed, s, n < sizeof replayed - 1 ? n : sizeof replayed - 1);
	replayed_len = n;
}

static void test_klog_replay(void **state)
{
	(void)state;
	log_reset();
	klog(KLOG_INFO, "early line for replay");
	klog_replay(replay_sink);
	assert_true(replayed_len > 0);
	assert_non_null(strstr(replayed, "] early line for replay\n"));
	assert_int_equal(host_spin_depth, 0);
}

struct table {
	uint64_t magic, count;
	uint64_t e[3][2];
	char names[32];
};

static void test_ksyms(void **state)
{
	(void)state;
	struct table t = { KSYMS_MAGIC, 3,
			   { { 0x1000, 0 }, { 0x1100, 6 }, { 0x1200, 12 } },
			   "alpha\0betaa\0gamma" };
	uint64_t off;
	assert_null(ksyms_lookup_in(&t, sizeof t, 0xfff, &off));
	assert_string_equal(ksyms_lookup_in(&t, sizeof t, 0x1000, &off), "alpha");
	assert_int_equal(off, 0);
	assert_string_equal(ksyms_lookup_in(&t, sizeof t, 0x11ff, &off), "betaa");
	assert_int_equal(off, 0xff);
	assert_string_equal(ksyms_lookup_in(&t, sizeof t, 0x9999, &off), "gamma");
	t.count = 1000;					/* lies about its size */
	assert_null(ksyms_lookup_in(&t, sizeof t, 0x1000, &off));
	t.count = 3;
	t.e[1][1] = 5000;				/* name offset out of range */
	assert_null(ksyms_lookup_in(&t, sizeof t, 0x1100, &off));
	t.magic = 0;
	assert_null(ksyms_lookup_in(&t, sizeof t, 0x1000, &off));
	assert_null(ksyms_lookup_in(NULL, 0, 0x1000, &off));
}

static void test_ps2_keys(void **state)
{
	(void)state;
	struct x86_kbd_state st = { 0 };
	assert_int_equal(x86_ps2kbd_translate(&st, 0x1e), 'a');
	assert_int_equal(x86_ps2kbd_translate(&st, 0x9e), -1);		/* release */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x2a), -1);		/* shift down */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x02), '!');
	assert_int_equal(x86_ps2kbd_translate(&st, 0xaa), -1);		/* shift up */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x1c), '\n');
	assert_int_equal(x86_ps2kbd_translate(&st, 0x1d), -1);		/* ctrl */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x2e), 3);		/* ctrl-c */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x9d), -1);
	assert_int_equal(x86_ps2kbd_translate(&st, 0xe0), -1);		/* extended: arrow */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x48), -1);
	assert_int_equal(x86_ps2kbd_translate(&st, 0x3a), -1);		/* caps lock */
	assert_int_equal(x86_ps2kbd_translate(&st, 0x10), 'Q');
	assert_int_equal(x86_ps2kbd_translate(&st, 0x02), '1');
}

static void test_font(void **state)
{
	(void)state;
	int lit = 0;
	for (unsigned y = 0; y < FONT_HEIGHT; y++)
		lit += __builtin_popcount(font_row('A', y));
	assert_true(lit > 20);
	for (unsigned y = 0; y < FONT_HEIGHT; y++)
		assert_int_equal(font_row(' ', y), 0);
	assert_int_equal(font_row('A', 0), 0);			/* spacing rows */
	assert_int_equal(font_row('A', 15), 0);
	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		assert_int_equal(font_row(0x01, y), font_row('?', y));
		assert_int_equal(font_row('W', y) & 0x81, 0);	/* spacing columns */
	}
	/* every printable glyph but space draws something, and no two are equal */
	for (int c = 0x21; c < 0x7f; c++) {
		int any = 0;
		for (unsigned y = 0; y < FONT_HEIGHT; y++)
			any |= font_row(c, y);
		assert_true(any);
		for (int d = 0x21; d < c; d++) {
			int same = 1;
			for (unsigned y = 0; y < FONT_HEIGHT; y++)
				same &= font_row(c, y) == font_row(d, y);
			if (same)
				fail_msg("glyphs '%c' and '%c' are identical", c, d);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_klog_format),
		cmocka_unit_test(test_klog_replay),
		cmocka_unit_test(test_ksyms),
		cmocka_unit_test(test_ps2_keys),
		cmocka_unit_test(test_font),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ps2kbd.c registers its IRQ through this; unused by the decoder tests. */
void x86_irq_register(unsigned irq, void (*fn)(void *ctx), void *ctx)
{
	(void)irq, (void)fn, (void)ctx;
}
