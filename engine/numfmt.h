/*
 * numfmt — numbers printed as JavaScript prints them (Number.prototype.toString):
 * the shortest digit string that reads back to the same double, plain notation for
 * exponents in [-7, 21), `1e+21` / `1.5e-7` style outside it. JSON output and JSONata
 * both use it, so a number reads the same everywhere sfdbg shows it.
 */
#ifndef SFDBG_NUMFMT_H
#define SFDBG_NUMFMT_H

#include <stddef.h>

#define NUMFMT_BUFSZ 40

/* Writes d into buf (NUMFMT_BUFSZ bytes), returns the length. NaN prints "NaN",
 * infinities "Infinity"/"-Infinity"; the JSON printer maps those to null. -0 prints "0". */
size_t numfmt_double(double d, char *buf);
/* numfmt_double's length for d, without writing it (an integer's digits are counted). */
size_t numfmt_length(double d);

#endif
