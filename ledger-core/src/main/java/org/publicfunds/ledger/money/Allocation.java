package org.publicfunds.ledger.money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Largest-remainder split of a total by percentages (LEDGER.md section 3): each part is
 * floor(T * s_i / 100); the minor units left over go one at a time to the largest
 * fractional remainders, ties to the part listed first. The parts always sum to T.
 */
public final class Allocation {

    private static final BigInteger FULL = BigInteger.valueOf(10_000);

    private Allocation() {}

    /**
     * The split in whole multiples of {@code unitMinor} (LEDGER.md 8.3): N = floor(T / u) units are
     * split by largest remainder, and the part of T below one unit goes to the first listed. The
     * parts always sum to T; with a unit of 1 this is {@link #split(long, List)}.
     */
    public static long[] split(long totalMinor, List<Percent> weights, long unitMinor) {
        if (unitMinor < 1) {
            throw new IllegalArgumentException("the allocation unit must be at least one minor unit: " + unitMinor);
        }
        if (totalMinor < 0) {
            throw new IllegalArgumentException("cannot allocate a negative total: " + totalMinor);
        }
        long[] units = split(totalMinor / unitMinor, weights);
        long[] parts = new long[units.length];
        for (int i = 0; i < units.length; i++) {
            parts[i] = Math.multiplyExact(units[i], unitMinor);
        }
        parts[0] += totalMinor % unitMinor;
        return parts;
    }

    /**
     * @param totalMinor a non-negative total in minor units
     * @param weights    percentages summing to exactly 100
     * @return one part per weight, in the same order
     */
    public static long[] split(long totalMinor, List<Percent> weights) {
        if (totalMinor < 0) {
            throw new IllegalArgumentException("cannot allocate a negative total: " + totalMinor);
        }
        int sum = weights.stream().mapToInt(Percent::basisPoints).sum();
        if (weights.isEmpty() || sum != 10_000) {
            throw new IllegalArgumentException("weights must sum to 100%, got " + sum + " basis points");
        }
        int n = weights.size();
        long[] parts = new long[n];
        long[] remainders = new long[n];
        long allocated = 0;
        BigInteger total = BigInteger.valueOf(totalMinor);
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = total.multiply(BigInteger.valueOf(weights.get(i).basisPoints()))
                    .divideAndRemainder(FULL);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1].longValueExact();
            allocated += parts[i];
        }
        long left = totalMinor - allocated;
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(
                Comparator.<Integer>comparingLong(i -> remainders[i]).reversed().thenComparing(i -> i));
        for (int k = 0; k < left; k++) {
            parts[order.get(k)]++;
        }
        return parts;
    }
}
