<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Bad Request">
  <h1>Bad Request</h1>
  <p>The server could not understand this request.</p>
  <p><a href="<c:url value='/index'/>">Back to the home page</a></p>
</t:layout>
