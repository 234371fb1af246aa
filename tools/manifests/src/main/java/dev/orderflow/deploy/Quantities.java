package dev.orderflow.deploy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 256Mi}, {@code 1.5G}, {@code 500m}, {@code 1}) as a container runtime takes
 * them: memory in bytes, CPU in thousandths of a core. The grammar is the API server's (a decimal number and one
 * binary or decimal suffix); exponent forms such as {@code 1e3} are refused rather than guessed.
 */
final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantities() {
    }

    /** A memory quantity in bytes, rounded up as the kubelet does. */
    static long bytes(String quantity) {
        return value(quantity).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** A CPU quantity in thousandths of a core, rounded up. */
    static long millis(String quantity) {
        return value(quantity).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal value(String quantity) {
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Kubernetes quantity: '" + quantity + "'");
        }
        return new BigDecimal(m.group(1)).multiply(SUFFIXES.get(m.group(2) == null ? "" : m.group(2)));
    }
}
