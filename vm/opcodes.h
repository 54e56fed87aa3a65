/*
 * opcodes.h: the Amber bytecode instruction set (one table, one line each).
 *
 * Amber's VM is a stack machine. Each function activation ("frame") owns a
 * window of its thread's value stack:
 *
 *     stack[base + 0 .. base + nlocals)   local variables ("slots"), fixed
 *     stack[base + nlocals .. top)        operand stack, grows and shrinks
 *
 * Slots and operand stack are one array: a slot is addressed by its index
 * relative to base (0..maxstack-1). The compiler knows the operand depth of
 * every instruction statically, except after an instruction that produces a
 * variable number of values (CALL with B == 0, VARARG with A == 0); the
 * instruction that consumes those (CALL, RETURN, SETLIST, TAILCALL) takes
 * "everything up to top". `top` is always exact at an instruction boundary.
 *
 * Instructions are 32-bit words, little-endian in files. Formats:
 *
 *     iA    | A:24 (unsigned)                         | op:8 |
 *     isA   | sA:24 (signed, excess-2^23)             | op:8 |
 *     iAB   | B:16               | A:8                | op:8 |
 *     iAsB  | sB:16 (signed, excess-2^15) | A:8       | op:8 |
 *
 * Jump offsets (sA, sB) are in words, relative to the instruction AFTER the
 * jump. K[x] is constant x of the current prototype, U[x] upvalue x of the
 * running closure, P[x] nested prototype x, L[x] = stack[base + x].
 * "push"/"pop" act on top. Instructions marked (mm) may call a metamethod:
 * the call runs as an ordinary frame above this one and its result lands
 * where the instruction's own result would have (see interp.c); nothing of
 * the instruction is kept in C across that call.
 *
 * Every instruction is restartable from object memory: an instruction either
 * completes, or leaves the thread exactly as it was before it started (then
 * raises an error, or for SYS, blocks). No state spans two instructions in
 * C variables.
 *
 * The table below is the single source of truth: OPCODES(X) expands to one
 * X(name, format, pops, pushes) per opcode, in ORDER OP. pops/pushes give the
 * effect on the operand stack for the verifier; VAR means "depends on an
 * operand or on top" and the verifier handles that opcode explicitly.
 *
 * The superinstructions after SYS fuse common sequences (docs/BYTECODE.md):
 * a local operand L[A]/L[B] is read when the instruction runs, like a
 * lua5.4 register. The interpreter may also complete an instruction's fast
 * path together with the SETLOCAL or forward JMPIF/JMPIFNOT that follows
 * it; the general path never does, so both stay restartable.
 */
#ifndef AMBER_VM_OPCODES_H
#define AMBER_VM_OPCODES_H

#include <stdint.h>

typedef uint32_t Instruction;

#define VAR (-1)

/*      name        format  pops  pushes   effect                                                  */
#define OPCODES(X) \
	X(NOP,        iA,    0,   0)   /* nothing                                                   */ \
	X(LOADNIL,    iA,    0,   VAR) /* push A nils (A >= 1)                                      */ \
	X(LOADFALSE,  iA,    0,   1)   /* push false                                                */ \
	X(LOADTRUE,   iA,    0,   1)   /* push true                                                 */ \
	X(LOADI,      isA,   0,   1)   /* push integer sA                                           */ \
	X(LOADF,      isA,   0,   1)   /* push float (double)sA                                     */ \
	X(LOADK,      iA,    0,   1)   /* push K[A]                                                 */ \
	X(GETLOCAL,   iA,    0,   1)   /* push L[A]                                                 */ \
	X(SETLOCAL,   iA,    1,   0)   /* L[A] = pop                                                */ \
	X(GETUPVAL,   iA,    0,   1)   /* push U[A]                                                 */ \
	X(SETUPVAL,   iA,    1,   0)   /* U[A] = pop                                                */ \
	X(POP,        iA,    VAR, 0)   /* pop A values                                              */ \
	X(DUP,        iA,    0,   1)   /* push copy of stack[top-1-A]                               */ \
	X(GETTABUP,   iAB,   0,   1)   /* push U[A][K[B]]             (mm; K[B] a string)           */ \
	X(SETTABUP,   iAB,   1,   0)   /* U[A][K[B]] = pop            (mm)                          */ \
	X(GETTABLE,   iA,    2,   1)   /* k = pop; t = pop; push t[k] (mm)                          */ \
	X(GETFIELD,   iA,    1,   1)   /* t = pop; push t[K[A]]       (mm; K[A] a string)           */ \
	X(GETINT,     isA,   1,   1)   /* t = pop; push t[sA]         (mm)                          */ \
	X(SETTABLE,   iA,    3,   0)   /* v = pop; k = pop; t = pop; t[k] = v   (mm)                */ \
	X(SETFIELD,   iA,    2,   0)   /* v = pop; t = pop; t[K[A]] = v         (mm)                */ \
	X(SETTABLEX,  iA,    1,   0)   /* v = pop; t = stack[top-A-2], k = stack[top-A-1];        \
	                                  t[k] = v; t and k stay (multiple assignment)  (mm)        */ \
	X(SETFIELDX,  iAB,   1,   0)   /* v = pop; t = stack[top-A-1]; t[K[B]] = v; t stays  (mm)   */ \
	X(NEWTABLE,   iAB,   0,   1)   /* push new table, array size hint A, hash size hint B      */ \
	X(SETLIST,    iAB,   VAR, 0)   /* n = A (A == 0: all values up to top); the table is      \
	                                  stack[top-n-1]; t[B+i] = value i (i = 1..n); pop the n   \
	                                  values, keep t. B == 0xFFFF: the first index - 1 is in   \
	                                  the following EXTRAARG. A == 0: one more EXTRAARG (after \
	                                  that one) holds the table's slot: t = L[its A]            */ \
	X(EXTRAARG,   iA,    0,   0)   /* operand A for the previous instruction; never executed   */ \
	X(SELF,       iA,    1,   2)   /* o = pop; push o[K[A]]; push o        (mm)                 */ \
	X(ADD,        iA,    2,   1)   /* b = pop; a = pop; push a + b          (mm)                */ \
	X(SUB,        iA,    2,   1)   /* a - b                                  (mm)                */ \
	X(MUL,        iA,    2,   1)   /* a * b                                  (mm)                */ \
	X(MOD,        iA,    2,   1)   /* a % b                                  (mm)                */ \
	X(POW,        iA,    2,   1)   /* a ^ b                                  (mm)                */ \
	X(DIV,        iA,    2,   1)   /* a / b                                  (mm)                */ \
	X(IDIV,       iA,    2,   1)   /* a // b                                 (mm)                */ \
	X(BAND,       iA,    2,   1)   /* a & b                                  (mm)                */ \
	X(BOR,        iA,    2,   1)   /* a | b                                  (mm)                */ \
	X(BXOR,       iA,    2,   1)   /* a ~ b                                  (mm)                */ \
	X(SHL,        iA,    2,   1)   /* a << b                                 (mm)                */ \
	X(SHR,        iA,    2,   1)   /* a >> b                                 (mm)                */ \
	X(ADDK,       iA,    1,   1)   /* a = pop; push a + K[A]   (K[A] a number)  (mm)            */ \
	X(ADDI,       isA,   1,   1)   /* a = pop; push a + sA                      (mm)            */ \
	X(UNM,        iA,    1,   1)   /* push -pop                              (mm)                */ \
	X(BNOT,       iA,    1,   1)   /* push ~pop                              (mm)                */ \
	X(NOT,        iA,    1,   1)   /* push not pop                                              */ \
	X(LEN,        iA,    1,   1)   /* push #pop                              (mm)                */ \
	X(CONCAT,     iA,    VAR, 1)   /* pop A values (A >= 2), push their concatenation (mm)     */ \
	X(EQ,         iA,    2,   1)   /* b = pop; a = pop; push a == b         (mm)                */ \
	X(NE,         iA,    2,   1)   /* push a ~= b                            (mm)                */ \
	X(LT,         iA,    2,   1)   /* push a < b                             (mm)                */ \
	X(LE,         iA,    2,   1)   /* push a <= b                            (mm)                */ \
	X(GT,         iA,    2,   1)   /* push a > b  (evaluated as b < a: __lt(b, a))  (mm)       */ \
	X(GE,         iA,    2,   1)   /* push a >= b (evaluated as b <= a: __le(b, a)) (mm)       */ \
	X(JMP,        isA,   0,   0)   /* pc += sA                                                  */ \
	X(JMPIF,      isA,   1,   0)   /* if pop is truthy then pc += sA                            */ \
	X(JMPIFNOT,   isA,   1,   0)   /* if pop is falsy then pc += sA                             */ \
	X(ANDJMP,     isA,   VAR, 0)   /* if top is falsy then pc += sA (keep it) else pop  (and)  */ \
	X(ORJMP,      isA,   VAR, 0)   /* if top is truthy then pc += sA (keep it) else pop (or)   */ \
	X(CALL,       iAB,   VAR, VAR) /* f = L[A]; args = L[A+1 .. top); call; leave B-1 results  \
	                                  from L[A] on (B == 0: all results, top after the last)   */ \
	X(TAILCALL,   iA,    VAR, VAR) /* as CALL with B == 0, then return those results          */ \
	X(RETURN,     iA,    VAR, 0)   /* return L[A .. top) to the caller                          */ \
	X(RETURN0,    iA,    0,   0)   /* return no values                                          */ \
	X(RETURN1,    iA,    1,   0)   /* return pop                                                */ \
	X(VARARG,     iA,    0,   VAR) /* push A-1 extra arguments (A == 0: all of them)            */ \
	X(CLOSURE,    iA,    0,   1)   /* push a new closure of P[A]                                */ \
	X(CLOSE,      iA,    0,   0)   /* close upvalues for slots >= A                            */ \
	X(FORPREP,    iAsB,  0,   0)   /* numeric for: L[A]=init L[A+1]=limit L[A+2]=step are set; \
	                                  check and convert them; if the loop runs zero times then \
	                                  pc += sB else L[A+3] = L[A] (the visible control var)    */ \
	X(FORLOOP,    iAsB,  0,   0)   /* advance L[A]; if still in range L[A+3] = L[A], pc += sB  */ \
	X(TFORCALL,   iAB,   0,   0)   /* generic for: L[A+3 .. A+2+B] =                           \
	                                  L[A](L[A+1], L[A+2]), adjusted to B results        (mm)  */ \
	X(TFORLOOP,   iAsB,  0,   0)   /* if L[A+3] ~= nil then L[A+2] = L[A+3]; pc += sB         */ \
	X(SYS,        iA,    VAR, 1)   /* kernel service A with args L[0 .. top); restartable:     \
	                                  see docs/BYTECODE.md and vm/interp.c; pushes one result  */ \
	/* superinstructions: a local operand read when the instruction runs    */ \
	X(MOVE,      iAB,   0,   0)   /* L[A] = L[B]                                              */ \
	X(GETLOCAL2, iAB,   0,   2)   /* push L[A]; push L[B]                                     */ \
	X(GETFIELDL, iAB,   0,   1)   /* push L[A][K[B]]           (mm; K[B] a string)            */ \
	X(GETTABLELL,iAB,   0,   1)   /* push L[A][L[B]]           (mm)                           */ \
	X(SETFIELDL, iAB,   1,   0)   /* L[A][K[B]] = pop          (mm; K[B] a string)            */ \
	X(SETTABLELL,iAB,   1,   0)   /* L[A][L[B]] = pop          (mm)                           */ \
	X(SELFL,     iAB,   0,   2)   /* push L[A][K[B]]; push L[A]  (mm; K[B] a string)          */ \
	X(ADDLL,     iAB,   0,   1)   /* push L[A] + L[B]   (mm)                                  */ \
	X(SUBLL,     iAB,   0,   1)   /* push L[A] - L[B]   (mm)                                  */ \
	X(MULLL,     iAB,   0,   1)   /* push L[A] * L[B]   (mm)                                  */ \
	X(MODLL,     iAB,   0,   1)   /* push L[A] % L[B]   (mm)                                  */ \
	X(POWLL,     iAB,   0,   1)   /* push L[A] ^ L[B]   (mm)                                  */ \
	X(DIVLL,     iAB,   0,   1)   /* push L[A] / L[B]   (mm)                                  */ \
	X(IDIVLL,    iAB,   0,   1)   /* push L[A] // L[B]   (mm)                                 */ \
	X(BANDLL,    iAB,   0,   1)   /* push L[A] & L[B]   (mm)                                  */ \
	X(BORLL,     iAB,   0,   1)   /* push L[A] | L[B]   (mm)                                  */ \
	X(BXORLL,    iAB,   0,   1)   /* push L[A] ~ L[B]   (mm)                                  */ \
	X(SHLLL,     iAB,   0,   1)   /* push L[A] << L[B]   (mm)                                 */ \
	X(SHRLL,     iAB,   0,   1)   /* push L[A] >> L[B]   (mm)                                 */ \
	X(ADDLK,     iAB,   0,   1)   /* push L[A] + K[B]   (mm; K[B] a number)                   */ \
	X(SUBLK,     iAB,   0,   1)   /* push L[A] - K[B]   (mm; K[B] a number)                   */ \
	X(MULLK,     iAB,   0,   1)   /* push L[A] * K[B]   (mm; K[B] a number)                   */ \
	X(MODLK,     iAB,   0,   1)   /* push L[A] % K[B]   (mm; K[B] a number)                   */ \
	X(POWLK,     iAB,   0,   1)   /* push L[A] ^ K[B]   (mm; K[B] a number)                   */ \
	X(DIVLK,     iAB,   0,   1)   /* push L[A] / K[B]   (mm; K[B] a number)                   */ \
	X(IDIVLK,    iAB,   0,   1)   /* push L[A] // K[B]   (mm; K[B] a number)                  */ \
	X(BANDLK,    iAB,   0,   1)   /* push L[A] & K[B]   (mm; K[B] a number)                   */ \
	X(BORLK,     iAB,   0,   1)   /* push L[A] | K[B]   (mm; K[B] a number)                   */ \
	X(BXORLK,    iAB,   0,   1)   /* push L[A] ~ K[B]   (mm; K[B] a number)                   */ \
	X(SHLLK,     iAB,   0,   1)   /* push L[A] << K[B]   (mm; K[B] a number)                  */ \
	X(SHRLK,     iAB,   0,   1)   /* push L[A] >> K[B]   (mm; K[B] a number)                  */ \
	X(ADDLX,     iA,    1,   1)   /* b = pop; push L[A] + b   (mm)                            */ \
	X(SUBLX,     iA,    1,   1)   /* b = pop; push L[A] - b   (mm)                            */ \
	X(MULLX,     iA,    1,   1)   /* b = pop; push L[A] * b   (mm)                            */ \
	X(MODLX,     iA,    1,   1)   /* b = pop; push L[A] % b   (mm)                            */ \
	X(POWLX,     iA,    1,   1)   /* b = pop; push L[A] ^ b   (mm)                            */ \
	X(DIVLX,     iA,    1,   1)   /* b = pop; push L[A] / b   (mm)                            */ \
	X(IDIVLX,    iA,    1,   1)   /* b = pop; push L[A] // b   (mm)                           */ \
	X(BANDLX,    iA,    1,   1)   /* b = pop; push L[A] & b   (mm)                            */ \
	X(BORLX,     iA,    1,   1)   /* b = pop; push L[A] | b   (mm)                            */ \
	X(BXORLX,    iA,    1,   1)   /* b = pop; push L[A] ~ b   (mm)                            */ \
	X(SHLLX,     iA,    1,   1)   /* b = pop; push L[A] << b   (mm)                           */ \
	X(SHRLX,     iA,    1,   1)   /* b = pop; push L[A] >> b   (mm)                           */ \
	X(SUBK,      iA,    1,   1)   /* a = pop; push a - K[A]   (mm; K[A] a number)             */ \
	X(MULK,      iA,    1,   1)   /* a = pop; push a * K[A]   (mm; K[A] a number)             */ \
	X(MODK,      iA,    1,   1)   /* a = pop; push a % K[A]   (mm; K[A] a number)             */ \
	X(POWK,      iA,    1,   1)   /* a = pop; push a ^ K[A]   (mm; K[A] a number)             */ \
	X(DIVK,      iA,    1,   1)   /* a = pop; push a / K[A]   (mm; K[A] a number)             */ \
	X(IDIVK,     iA,    1,   1)   /* a = pop; push a // K[A]   (mm; K[A] a number)            */ \
	X(BANDK,     iA,    1,   1)   /* a = pop; push a & K[A]   (mm; K[A] a number)             */ \
	X(BORK,      iA,    1,   1)   /* a = pop; push a | K[A]   (mm; K[A] a number)             */ \
	X(BXORK,     iA,    1,   1)   /* a = pop; push a ~ K[A]   (mm; K[A] a number)             */ \
	X(SHLK,      iA,    1,   1)   /* a = pop; push a << K[A]   (mm; K[A] a number)            */ \
	X(SHRK,      iA,    1,   1)   /* a = pop; push a >> K[A]   (mm; K[A] a number)            */ \
	X(EQLL,      iAB,   0,   1)   /* push L[A] == L[B]   (mm)                                 */ \
	X(NELL,      iAB,   0,   1)   /* push L[A] ~= L[B]   (mm)                                 */ \
	X(LTLL,      iAB,   0,   1)   /* push L[A] < L[B]   (mm)                                  */ \
	X(LELL,      iAB,   0,   1)   /* push L[A] <= L[B]   (mm)                                 */ \
	X(GTLL,      iAB,   0,   1)   /* push L[A] > L[B]   (mm)                                  */ \
	X(GELL,      iAB,   0,   1)   /* push L[A] >= L[B]   (mm)                                 */ \
	X(EQLK,      iAB,   0,   1)   /* push L[A] == K[B]   (mm; K[B] a number or string)        */ \
	X(NELK,      iAB,   0,   1)   /* push L[A] ~= K[B]   (mm; K[B] a number or string)        */ \
	X(LTLK,      iAB,   0,   1)   /* push L[A] < K[B]   (mm; K[B] a number or string)         */ \
	X(LELK,      iAB,   0,   1)   /* push L[A] <= K[B]   (mm; K[B] a number or string)        */ \
	X(GTLK,      iAB,   0,   1)   /* push L[A] > K[B]   (mm; K[B] a number or string)         */ \
	X(GELK,      iAB,   0,   1)   /* push L[A] >= K[B]   (mm; K[B] a number or string)        */ \
	X(EQLX,      iA,    1,   1)   /* b = pop; push L[A] == b   (mm)                           */ \
	X(NELX,      iA,    1,   1)   /* b = pop; push L[A] ~= b   (mm)                           */ \
	X(LTLX,      iA,    1,   1)   /* b = pop; push L[A] < b   (mm)                            */ \
	X(LELX,      iA,    1,   1)   /* b = pop; push L[A] <= b   (mm)                           */ \
	X(GTLX,      iA,    1,   1)   /* b = pop; push L[A] > b   (mm)                            */ \
	X(GELX,      iA,    1,   1)   /* b = pop; push L[A] >= b   (mm)                           */ \
	X(ADDXL,     iA,    1,   1)   /* a = pop; push a + L[A]   (mm)                            */ \
	X(SUBXL,     iA,    1,   1)   /* a = pop; push a - L[A]   (mm)                            */ \
	X(MULXL,     iA,    1,   1)   /* a = pop; push a * L[A]   (mm)                            */ \
	X(MODXL,     iA,    1,   1)   /* a = pop; push a % L[A]   (mm)                            */ \
	X(POWXL,     iA,    1,   1)   /* a = pop; push a ^ L[A]   (mm)                            */ \
	X(DIVXL,     iA,    1,   1)   /* a = pop; push a / L[A]   (mm)                            */ \
	X(IDIVXL,    iA,    1,   1)   /* a = pop; push a // L[A]   (mm)                           */ \
	X(BANDXL,    iA,    1,   1)   /* a = pop; push a & L[A]   (mm)                            */ \
	X(BORXL,     iA,    1,   1)   /* a = pop; push a | L[A]   (mm)                            */ \
	X(BXORXL,    iA,    1,   1)   /* a = pop; push a ~ L[A]   (mm)                            */ \
	X(SHLXL,     iA,    1,   1)   /* a = pop; push a << L[A]   (mm)                           */ \
	X(SHRXL,     iA,    1,   1)   /* a = pop; push a >> L[A]   (mm)                           */ \
	/* to-be-closed variables (docs/BYTECODE.md)                             */ \
	X(TBC,       iA,    0,   1)   /* L[A] becomes to-be-closed (nil, false or a __close     \
	                                 metamethod, else an error); push its link slot         */ \
	X(CLOSETBC,  iA,    0,   0)   /* close upvalues and to-be-closed variables of slots     \
	                                 >= A: __close(v, nil) newest first   (mm, repeats)      */ \
	X(RETURNC,   iA,    VAR, 0)   /* close every to-be-closed variable of the frame as      \
	                                 CLOSETBC 0, then return L[A .. top)  (mm, repeats)      */ \
	X(TFORPREP,  iA,    0,   1)   /* generic for: L[A..A+3] = f s c x -> L[A] = x (to be    \
	                                 closed, as TBC), L[A+1] = link, L[A+2..A+4] = f s c    */

enum OpCode {
#define X_ENUM(name, fmt, pops, pushes) OP_##name,
	OPCODES(X_ENUM)
#undef X_ENUM
	NUM_OPCODES
};

/* Instruction layout. */
#define OP_BITS      8
#define A24_BITS     24
#define A24_MAX      ((1u << 24) - 1)
#define SA24_BIAS    (1 << 23)          /* sA = A - SA24_BIAS */
#define A8_MAX       255u
#define B16_MAX      65535u
#define SB16_BIAS    (1 << 15)          /* sB = B - SB16_BIAS */

#define GET_OP(i)    ((enum OpCode)((i) & 0xFFu))
#define GETARG_A(i)  ((uint32_t)(i) >> 8)                       /* iA: 24 bits  */
#define GETARG_sA(i) ((int32_t)GETARG_A(i) - SA24_BIAS)           /* isA          */
#define GETARG_A8(i) (((uint32_t)(i) >> 8) & 0xFFu)              /* iAB, iAsB    */
#define GETARG_B(i)  ((uint32_t)(i) >> 16)                       /* iAB: 16 bits */
#define GETARG_sB(i) ((int32_t)GETARG_B(i) - SB16_BIAS)           /* iAsB         */

#define CREATE_A(op, a)     ((Instruction)(op) | ((Instruction)(a) << 8))
#define CREATE_sA(op, sa)   CREATE_A(op, (uint32_t)((sa) + SA24_BIAS))
#define CREATE_AB(op, a, b) ((Instruction)(op) | ((Instruction)(a) << 8) | ((Instruction)(b) << 16))
#define CREATE_AsB(op, a, sb) CREATE_AB(op, a, (uint32_t)((sb) + SB16_BIAS))

#define SA24_MIN (-SA24_BIAS)
#define SA24_MAX (SA24_BIAS - 1)
#define SB16_MIN (-SB16_BIAS)
#define SB16_MAX (SB16_BIAS - 1)

/* Limits the compiler enforces and the verifier checks. */
#define MAX_STACK_SLOTS  250   /* maxstack of a prototype (locals + operands) */
#define MAX_LOCALS       200   /* active local variables in one function */
#define MAX_UPVALUES     255

enum OpFormat { iA, isA, iAB, iAsB };
/* The operator groups keep ORDER OP of their base operators, so that
 * code.c and interp.c index them as OP_xxxLL + (op - OP_ADD) etc. */
_Static_assert(OP_SHRLL - OP_ADDLL == OP_SHR - OP_ADD, "ORDER OP arith LL");
_Static_assert(OP_SHRLK - OP_ADDLK == OP_SHR - OP_ADD, "ORDER OP arith LK");
_Static_assert(OP_SHRLX - OP_ADDLX == OP_SHR - OP_ADD, "ORDER OP arith LX");
_Static_assert(OP_SHRK - OP_SUBK == OP_SHR - OP_SUB, "ORDER OP arith K");
_Static_assert(OP_GELL - OP_EQLL == OP_GE - OP_EQ, "ORDER OP compare LL");
_Static_assert(OP_GELK - OP_EQLK == OP_GE - OP_EQ, "ORDER OP compare LK");
_Static_assert(OP_GELX - OP_EQLX == OP_GE - OP_EQ, "ORDER OP compare LX");
_Static_assert(OP_SHRXL - OP_ADDXL == OP_SHR - OP_ADD, "ORDER OP arith XL");
_Static_assert(OP_ADDLL == OP_SYS + 8 && OP_SHRXL == 152,
               "superinstructions come after SYS (old opcode numbers stay)");
_Static_assert(OP_TBC == 153 && OP_TFORPREP == NUM_OPCODES - 1,
               "to-be-closed opcodes come last (old opcode numbers stay)");


/* Per-opcode tables (ORDER OP), defined in bytecode.c. */
extern const char *const vm_opnames[NUM_OPCODES];
extern const uint8_t vm_opformats[NUM_OPCODES];
extern const int8_t vm_oppops[NUM_OPCODES];
extern const int8_t vm_oppushes[NUM_OPCODES];

#endif
