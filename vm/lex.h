/*
 * lex.h: the Lua 5.4 lexer of Amber's compiler.
 *
 * The lexer turns source text into tokens for vm/parse.c. It works entirely
 * in C memory owned by the compile (struct CArena): names and string
 * literals are interned there as CStr, so the parser compares names by
 * pointer. Nothing here touches object memory, so a lexical error simply
 * unwinds (longjmp to the compile's catcher) and the arena is freed.
 *
 * Interface:
 *   lex_init      start reading a buffer
 *   lex_next      advance to the next token (t) ; lex_lookahead peeks one
 *   lex_error     raise "chunk:line: msg near 'token'" (never returns)
 *   lex_semerror  the same without the "near" part
 *   lex_chunkid   format a chunk name for messages exactly as lua5.4 does
 *   lex_token2str the printable form of a token, as in lua5.4's messages
 *   lex_newstr    intern a C string in the compile arena
 * Errors are lua5.4's messages, byte for byte.
 */
#ifndef AMBER_VM_LEX_H
#define AMBER_VM_LEX_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

/* Tokens: single characters are their own code; the rest start here. */
enum Token {
	TK_FIRST = 257,
	/* reserved words, in alphabetical order (ORDER RESERVED) */
	TK_AND = TK_FIRST, TK_BREAK, TK_DO, TK_ELSE, TK_ELSEIF, TK_END, TK_FALSE,
	TK_FOR, TK_FUNCTION, TK_GOTO, TK_IF, TK_IN, TK_LOCAL, TK_NIL, TK_NOT,
	TK_OR, TK_REPEAT, TK_RETURN, TK_THEN, TK_TRUE, TK_UNTIL, TK_WHILE,
	/* other multi-character tokens */
	TK_IDIV, TK_CONCAT, TK_DOTS, TK_EQ, TK_GE, TK_LE, TK_NE, TK_SHL, TK_SHR,
	TK_DBCOLON, TK_EOS, TK_FLT, TK_INT, TK_NAME, TK_STRING
};
#define LEX_NRESERVED (TK_WHILE - TK_FIRST + 1)

/* Chunk-id buffer size (lua's LUA_IDSIZE). */
#define LEX_IDSIZE 60

/* An interned string of the compile (C memory). */
typedef struct CStr {
	struct CStr *hnext;
	uint32_t hash;
	uint32_t len;
	int8_t reserved;          /* 1 + reserved-word index, or 0 */
	char s[];                 /* len bytes + '\0' */
} CStr;

/* All C memory of one compile: freed at once, on success or error. */
typedef struct CArena {
	struct CBlock *blocks;    /* malloc'ed blocks, freed by arena_free */
	CStr **strt;              /* intern table */
	uint32_t strsize, nstr;
	jmp_buf *errjmp;          /* where errors go */
	char *errmsg;             /* malloc'ed message after an error */
} CArena;

void *arena_alloc(CArena *a, size_t size);              /* zero-filled (err) */
void *arena_grow(CArena *a, void *p, size_t oldsize, size_t newsize);
void arena_free(CArena *a);
_Noreturn void arena_error(CArena *a, const char *fmt, ...);  /* raw message */

typedef union SemInfo {
	double r;
	int64_t i;
	CStr *s;
} SemInfo;

typedef struct LexToken {
	int token;
	SemInfo seminfo;
} LexToken;

typedef struct LexState {
	CArena *arena;
	const char *p, *end;      /* unread input */
	int current;              /* current character (-1 at end) */
	int linenumber;           /* line of `current` */
	int lastline;             /* line of the last token consumed */
	int nlevels;              /* parser nesting (C stack guard) */
	LexToken t;               /* current token */
	LexToken ahead;           /* lookahead (TK_EOS+1 = none) */
	char *buf;                /* token text being read */
	size_t nbuf, bufsize;
	char chunkid[LEX_IDSIZE];
	CStr *envname;            /* "_ENV" */
	struct FuncState *fs;     /* parser state (vm/parse.c) */
	struct DynData *dyd;
} LexState;

void lex_init(LexState *ls, CArena *a, const char *src, size_t len,
	const char *chunkname, size_t chunknamelen);
void lex_next(LexState *ls);
int lex_lookahead(LexState *ls);
_Noreturn void lex_error(LexState *ls, const char *msg, int token);
_Noreturn void lex_semerror(LexState *ls, const char *msg);
_Noreturn void lex_syntaxerror(LexState *ls, const char *msg);
const char *lex_token2str(LexState *ls, int token, char *buf, size_t size);
CStr *lex_newstr(CArena *a, const char *s, size_t len);
void lex_chunkid(char *out, const char *source, size_t srclen);

#endif
