<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Method Not Allowed">
  <h1>Method Not Allowed</h1>
  <p>This page does not accept that kind of request.</p>
  <p><a href="<c:url value='/index'/>">Back to the home page</a></p>
</t:layout>
