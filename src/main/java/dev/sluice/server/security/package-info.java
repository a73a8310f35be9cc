/**
 * Who may do what: optional authentication ({@code sluice.security.enabled}, off by default) with
 * bearer tokens and HTTP Basic users from configuration, two roles ({@code read}, {@code operate}), one
 * rule table from method and path to role ({@link dev.sluice.server.security.AccessRules}), and the
 * {@code 401} / {@code 403} problems.
 */
package dev.sluice.server.security;
