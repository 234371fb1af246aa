package dev.orderflow.function.testing;

import static io.restassured.RestAssured.given;

/** One sample of the application's {@code /q/metrics}, as Prometheus would scrape it. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of {@code series} (name and labels, as the exposition writes them); 0 before it was first written. */
    public static double sample(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .orElse(0.0);
    }
}
