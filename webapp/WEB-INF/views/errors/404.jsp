<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Not Found">
  <h1>Not Found</h1>
  <p>There is no page at this address.</p>
  <p><a href="<c:url value='/index'/>">Back to the home page</a></p>
</t:layout>
