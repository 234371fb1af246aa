package dev.orderflow.events;

/** A postal address; {@code country} is an ISO 3166-1 alpha-2 code. */
public record Address(String name, String street, String city, String postalCode, String country) {
}
