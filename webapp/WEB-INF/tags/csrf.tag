<%@ tag pageEncoding="UTF-8" trimDirectiveWhitespaces="true" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<input type="hidden" name="csrf_token" value="${fn:escapeXml(requestScope.csrfToken)}">
