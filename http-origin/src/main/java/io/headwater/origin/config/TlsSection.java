package io.headwater.origin.config;

/**
 * {@code rtmp.tls} and {@code http.tls}: a TLS listener. Not built yet, so the section must be
 * absent (see {@link Check#absent}).
 *
 * @param port the TLS port
 * @param certificate PEM certificate chain file
 * @param privateKey PEM private key file
 */
public record TlsSection(Integer port, String certificate, String privateKey) {}
