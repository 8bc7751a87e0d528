/*
 * Synaptic rows of one neuron core, built on the host by a counting sort.
 *
 * The mapping (mapping/synapses.py) gives each connection onto a core its global row number
 * (rows of every sender numbered one after another: sender s owns rows bases[s] ..
 * bases[s+1]-1) and its 32-bit synaptic word.  The core's matrix holds, for every sender
 * with at least one connection, all of that sender's rows, each a count word and then the
 * row's synaptic words in connection order, padded with zeros to the sender's stride (one
 * more than its longest row).  That is a stable sort by row: counting the rows first and
 * then placing each word at its row's cursor does it in two passes, with no comparison sort.
 *
 * rows_layout: counts per row, then stride and offset per sender; returns the matrix size
 * in words, or -1 when a row number is out of range (the arrays are not trusted).
 * rows_place: writes the matrix (its size as rows_layout returned; zeroed here).
 * Each call touches only its arguments: threads may build different cores at once.
 */
#include "engine.h"

#include <stdint.h>
#include <string.h>

int64_t rows_layout(const int64_t *key, int64_t n_connections, const int64_t *bases,
                    int64_t n_senders, int64_t *counts, int64_t *stride, int64_t *offset)
{
    if (n_connections < 0 || n_senders < 0)
        return -1;
    const int64_t n_rows = bases[n_senders];
    if (n_rows < 0)
        return -1;
    memset(counts, 0, (size_t)n_rows * sizeof *counts);
    for (int64_t k = 0; k < n_connections; k++) {
        const int64_t row = key[k];
        if (row < 0 || row >= n_rows)
            return -1;
        counts[row]++;
    }
    int64_t total = 0;
    for (int64_t s = 0; s < n_senders; s++) {
        const int64_t first = bases[s], last = bases[s + 1];
        if (first < 0 || last < first || last > n_rows)
            return -1;
        int64_t longest = 0, sum = 0;
        for (int64_t r = first; r < last; r++) {
            sum += counts[r];
            if (counts[r] > longest)
                longest = counts[r];
        }
        stride[s] = sum ? 1 + longest : 0;
        offset[s] = total;
        total += (last - first) * stride[s];
    }
    return total;
}

void rows_place(const int64_t *key, const uint32_t *words, int64_t n_connections,
                const int64_t *bases, int64_t n_senders, int64_t *counts,
                const int64_t *stride, const int64_t *offset, uint32_t *matrix,
                int64_t n_words)
{
    memset(matrix, 0, (size_t)n_words * sizeof *matrix);
    /* each row's count word; counts[row] becomes the row's cursor (its next free word) */
    for (int64_t s = 0; s < n_senders; s++) {
        if (!stride[s])
            continue;
        int64_t at = offset[s];
        for (int64_t r = bases[s]; r < bases[s + 1]; r++, at += stride[s]) {
            matrix[at] = (uint32_t)counts[r];
            counts[r] = at + 1;
        }
    }
    for (int64_t k = 0; k < n_connections; k++)
        matrix[counts[key[k]]++] = words[k];
}
