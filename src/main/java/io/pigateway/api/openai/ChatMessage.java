package io.pigateway.api.openai;

/** One entry of a request's {@code messages}: its role and its text parts joined (images are not passed on). */
record ChatMessage(String role, String text) {

    boolean isSystem() {
        return "system".equals(role) || "developer".equals(role);
    }

    boolean isUser() {
        return "user".equals(role);
    }
}
