/*
 * builtin.h: builtin functions, named by stable numbers.
 *
 * Object land never holds a C function pointer. A builtin function value is
 * a tag plus a 32-bit id (VBUILTIN), or a BClosure carrying the id and
 * upvalues. The id is stable across kernel builds: a snapshot taken under one
 * build restores under the next, so ids are never reused or renumbered; a
 * removed builtin leaves a hole. ids are (library << 8) | index.
 *
 * Calling convention (no C recursion into the interpreter, ever):
 *   A builtin runs in its own frame `ci` with its arguments at
 *   stack[ci->base .. top). It uses vm/api.h to read arguments and push
 *   results, and returns:
 *     n >= 0     it pushed n results, which are the top n values;
 *     BI_CALL    it pushed a callee and its arguments as the top values
 *                (callee first) with vm_prepcall(); the interpreter calls it as
 *                an ordinary frame, and when that returns, calls the builtin
 *                again with ci->pc set to the continuation state the builtin
 *                stored and the callee's results pushed on top;
 *     BI_YIELD, BI_RESUME, ...: coroutine transfers, interp.c only;
 *     BI_BLOCK   (through vm_wait) it cannot go on before something outside
 *                object land happens (console input: io.read in the
 *                kernel), and it changed nothing: its frame stands as it
 *                was entered (the arguments in place, L->top and ci->pc as
 *                on entry). vm_execute returns VMS_BLOCKED with that frame
 *                on top and vm->wait saying what it waits for; the
 *                embedder waits with object memory unreachable (the
 *                kernel releases the persistent-memory lock) and continues
 *                the thread, which runs the builtin again from the start.
 *                A snapshot taken meanwhile holds the thread standing at
 *                that frame's entry: restored, it runs the builtin again.
 *                The normal return path (n >= 0) pays nothing for this.
 *   Everything a builtin must remember across BI_CALL lives in its frame
 *   (stack slots and ci->pc): after a snapshot and restore the continuation
 *   runs from object memory alone.
 */
#ifndef AMBER_VM_BUILTIN_H
#define AMBER_VM_BUILTIN_H

#include <stdint.h>

typedef struct VM VM;
typedef struct CallInfo CallInfo;
struct Table;

typedef int (*BuiltinFn)(VM *vm, CallInfo *ci);

enum {
	BI_CALL = -1,
	BI_YIELD = -2,
	BI_RESUME = -3,
	BI_ERROR = -4,        /* internal: error value pushed, raise it */
	BI_BLOCK = -5,        /* vm_wait: nothing changed, wait, run again */
	BI_AGAIN = -6,        /* internal: the builtin rearranged the frames (or
	                         switched threads) itself: settle again */
	BI_CLOSED = -7        /* internal: a to-be-closed closer frame is done
	                         (do.c: do_closedone) */
};

/* The hidden builtin that closes to-be-closed variables while an error
 * unwinds or a coroutine is closed (do.c, registered in lib_base.c). */
#define BUILTIN_TBCCLOSER BUILTIN_ID(BLIB_BASE, 24)

/* What a builtin that returned BI_BLOCK waits for (VM.wait). */
enum {
	VMWAIT_NONE = 0,      /* (a SYS blocked: the SYS hook recorded what) */
	VMWAIT_INPUT = 1      /* console input: a line, or the end of input */
};

/* Library numbers (the high byte of an id). Never renumber. */
enum {
	BLIB_BASE = 1,
	BLIB_STRING = 2,
	BLIB_TABLE = 3,
	BLIB_MATH = 4,
	BLIB_COROUTINE = 5,
	BLIB_OS = 6,
	BLIB_IO = 7,
	BLIB_PACKAGE = 8,
	BLIB_INTERNAL = 9,    /* helpers of .internal classes */
	BLIB_MAX = 16
};

#define BUILTIN_ID(lib, idx) ((uint32_t)(((lib) << 8) | (idx)))

/* One library's table: entry `idx` has id BUILTIN_ID(lib, idx). `name` is
 * the field name in the library table (NULL: not exported, e.g. the gmatch
 * iterator); a NULL fn marks a hole. */
typedef struct BuiltinReg {
	const char *name;
	BuiltinFn fn;
} BuiltinReg;

typedef struct BuiltinLib {
	uint8_t lib;             /* BLIB_* */
	const char *name;        /* global name, "_G" for the base library */
	const BuiltinReg *regs;  /* indexed by idx */
	uint16_t nregs;
	/* Extra setup once the fields are in the library table `lib` (constants,
	 * metatables), or NULL. Runs at vm_openlibs, in object land only. */
	void (*open)(VM *vm, struct Table *lib);
} BuiltinLib;

/* Each library file defines one of these. */
extern const BuiltinLib vm_lib_base, vm_lib_string, vm_lib_table, vm_lib_math,
	vm_lib_coroutine, vm_lib_os, vm_lib_io, vm_lib_package;

/* Create every library table, register it in package.loaded and _G. */
void vm_openlibs(VM *vm);
/* The C function of a builtin id, or NULL for an unknown id. */
BuiltinFn vm_builtin_fn(uint32_t id);
/* "print", "string.format", ...: for error messages and tracebacks. */
const char *vm_builtin_name(uint32_t id, char *buf, int bufsize);

#endif
