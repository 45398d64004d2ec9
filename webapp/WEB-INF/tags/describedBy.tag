<%@ tag pageEncoding="UTF-8" trimDirectiveWhitespaces="true" %>
<%@ attribute name="field" required="true" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<c:if test="${not empty requestScope.errors[field]}"> aria-invalid="true" aria-describedby="${field}-error"</c:if>
