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
