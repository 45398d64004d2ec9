<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Too Many Attempts">
  <h1>Too Many Attempts</h1>
  <p>There have been too many attempts from here. To keep accounts safe, please wait and try again in
     <strong><c:out value="${retryAfter}"/></strong>.</p>
  <p><a href="<c:url value='/login'/>">Back to the login page</a></p>
</t:layout>
