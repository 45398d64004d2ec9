<%@ tag pageEncoding="UTF-8" trimDirectiveWhitespaces="true" %>
<%@ attribute name="field" required="true" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<c:if test="${not empty requestScope.errors[field]}">
  <span class="field-error" id="${field}-error" role="alert">
    <c:forEach var="message" items="${requestScope.errors[field]}" varStatus="loop"><c:out value="${message}"/><c:if test="${not loop.last}"> </c:if></c:forEach>
  </span>
</c:if>
