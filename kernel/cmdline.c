/*
 * cmdline.c: kernel command line words (see cmdline.h).
 */
#include <string.h>
#include "kernel/cmdline.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Find the word starting with key followed by end, blank or '='. */
static const char *find(const char *cmd, const char *key)
{
	size_t k = strlen(key);
	const char *p = cmd;
	if (!cmd || k == 0)
		return 0;
	while (*p) {
		while (blank(*p))
			p++;
		if (!*p)
			break;
		if (strncmp(p, key, k) == 0 && (p[k] == 0 || blank(p[k]) || p[k] == '='))
			return p + k;
		while (*p && !blank(*p))
			p++;
	}
	return 0;
}

bool cmdline_flag(const char *cmd, const char *key)
{
	return find(cmd, key) != 0;
}

bool cmdline_value(const char *cmd, const char *key, char *buf, size_t size)
{
	const char *p = find(cmd, key);
	size_t n = 0;
	if (!p || *p != '=' || size == 0)
		return false;
	p++;
	while (p[n] && !blank(p[n]) && n + 1 < size)
		n++;
	memcpy(buf, p, n);
	buf[n] = 0;
	return true;
}
